export const PGLITE_TEMPLATE = new URL('../../.tmp/pglite-template.tar.gz', import.meta.url);
