import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where 3D Tiles live and how fresh they are kept (env: DATA_DIR, LAYERS_DIR, TILES3D_*). */
export interface Tiles3dOptions {
  /** Root of our building tilesets: <dir>/buildings/<jurisdiction or 'all'>/. */
  dir: string;
  /** External tilesets served at /layers (none when the folder does not exist). */
  layersDir: string | undefined;
  /** A tileset.json request re-checks the database when the last check is older than this. */
  checkMs: number;
  /** Background re-check of every built tileset, announcing new versions (0 = off). */
  refreshMs: number;
  /** Build the tilesets of every user's and display's jurisdiction at start (the demo's district). */
  prebuild: boolean;
}

let testServers = 0;

export function tiles3dOptions(
  env: NodeJS.ProcessEnv = process.env,
  over: Partial<Tiles3dOptions> = {},
): Tiles3dOptions {
  // Absolute: files are sent with res.sendFile, which refuses relative paths (the default is ./.data).
  const data = env.DATA_DIR ?? './.data';
  const dataDir = data.startsWith('memory://') ? join(tmpdir(), 'gridcenter') : resolve(data);
  return {
    // Tiles belong to one database. Test servers (each with its own database, several at once)
    // must not share a folder: one's rebuild would delete the other's contents.
    dir:
      env.VITEST && !env.DATA_DIR
        ? join(tmpdir(), `gridcenter-test-tiles-${process.pid}-${++testServers}`)
        : join(dataDir, 'tiles'),
    layersDir: resolve(env.LAYERS_DIR || join(dataDir, 'layers')),
    checkMs: Number(env.TILES3D_CHECK_S ?? 10) * 1000,
    refreshMs: Number(env.TILES3D_REFRESH_S ?? 30) * 1000,
    // Not under vitest: every test server would otherwise build tiles nobody asks for.
    prebuild: (env.TILES3D_PREBUILD ?? (env.VITEST ? '0' : '1')) !== '0',
    ...over,
  };
}
