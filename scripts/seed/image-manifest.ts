/**
 * Which image keys the seed stored, with the render fingerprint of each. Kept as one JSON object in
 * the same bucket (so wiping R2 state also forgets it): one get() tells a reseed which renders R2
 * already holds, where listing the bucket would read every object's metadata.
 */
import type { SeedStore } from './workerd';

export type ImageManifest = Record<string, string>;

const MANIFEST_KEY = 'seed/images-manifest.json';

export async function readManifest(store: SeedStore): Promise<ImageManifest> {
  const text = await store.getMediaText(MANIFEST_KEY);
  if (!text) return {};
  try {
    return (JSON.parse(text) as { images?: ImageManifest }).images ?? {};
  } catch {
    return {};
  }
}

export async function writeManifest(store: SeedStore, images: ImageManifest): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify({ version: 1, images }));
  await store.putMedia([{ key: MANIFEST_KEY, bytes, contentType: 'application/json' }]);
}
