import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real third-party data (OSM buildings, GPS tracks, 3D Tiles samples) is read by path, never
 * copied into the repo: `GRIDCENTER_SHARED_DATA`, else `../shared/data` beside the checkout, else the
 * workplace's `/work/shared/data` (a clone elsewhere, as CI makes, finds it there).
 */
const CANDIDATES = [
  process.env.GRIDCENTER_SHARED_DATA,
  fileURLToPath(new URL('../../../shared/data/', import.meta.url)),
  '/work/shared/data',
];

export const SHARED_DATA = CANDIDATES.find((p): p is string => !!p && existsSync(p));

/** Absolute path of a file or folder under the shared data; throws a clear error when there is none. */
export function sharedData(relative: string): string {
  if (!SHARED_DATA)
    throw new Error(
      `the shared test data is missing (looked in ${CANDIDATES.filter(Boolean).join(', ')}); set GRIDCENTER_SHARED_DATA`,
    );
  return join(SHARED_DATA, relative);
}
