import { join } from 'node:path';
import { jurisdictionSchema } from '../../contracts/regions.ts';

/** Where a jurisdiction's tileset lives: <tilesRoot>/buildings/<code or 'all'> (tilesRoot: <DATA_DIR>/tiles). */
export function tilesetDir(tilesRoot: string, jurisdiction: string): string {
  const j = jurisdictionSchema.parse(jurisdiction); // digits only: safe as a folder name
  return join(tilesRoot, 'buildings', j === '' ? 'all' : j);
}
