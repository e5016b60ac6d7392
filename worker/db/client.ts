import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = ReturnType<typeof create>;

const create = (d1: D1Database) => drizzle(d1, { schema });
// One Drizzle handle per D1 binding per isolate: building it walks the whole schema.
const handles = new WeakMap<D1Database, Db>();

/** The Drizzle handle over a D1 binding; holds no connection, so it is safe to share across requests. */
export function database(d1: D1Database): Db {
  let db = handles.get(d1);
  if (!db) {
    db = create(d1);
    handles.set(d1, db);
  }
  return db;
}
