/** Paths whose answers are JSON for machines; everything else is a page for people. */
export const isMachinePath = (path: string) => /^\/(api|admin\/api|webhooks|img|healthz|rum)(\/|$)/.test(path);
