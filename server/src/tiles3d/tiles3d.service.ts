import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { regionRoom } from '../../../contracts/events.ts';
import type { Tiles3dVersion } from '../../../contracts/tiles3d.ts';
import { buildTileset, readManifest } from '../../../tiles/src/build.ts';
import { postgisSource } from '../../../tiles/src/buildings.sql.ts';
import { tilesetDir } from '../../../tiles/src/paths.ts';
import type { Queryable } from '../db/db.ts';
import type { Hub } from '../realtime/hub.ts';
import type { Tiles3dOptions } from './tiles3d.options.ts';
import {
  pruneSourceChanges,
  selectActiveJurisdictions,
  selectSourceCheck,
  type TilesetStamp,
} from './tiles3d.sql.ts';

interface State {
  checkedAt: number;
  version: Tiles3dVersion;
  /** The update in progress, if any: one at a time per jurisdiction. */
  running: Promise<Tiles3dVersion> | undefined;
  /** What the version is known to be current with (advanced by checks that found no change). */
  stamp: TilesetStamp | undefined;
}

/**
 * Keeps one tileset per jurisdiction up to date. A check is one probe of the change log
 * (0007_tiles_changes.sql): when no transaction wrote buildings, houses or residents since the
 * tileset's stamp, nothing is read — also at start, from the stamp in the tileset's manifest.
 * Otherwise the build is incremental (see tiles/src/build.ts): it re-reads the light building
 * index and re-meshes only tiles whose buildings changed. A new version is announced on
 * Socket.IO (`tiles3d:updated`) to that jurisdiction's room.
 */
export class Tiles3dService {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly db: Queryable,
    private readonly hub: Hub,
    readonly opts: Tiles3dOptions,
  ) {}

  dirOf(jurisdiction: string): string {
    return tilesetDir(this.opts.dir, jurisdiction);
  }

  /** The current version, re-checked against the database when older than opts.checkMs. */
  async current(jurisdiction: string, maxAgeMs = this.opts.checkMs): Promise<Tiles3dVersion> {
    const s = this.states.get(jurisdiction);
    if (s && Date.now() - s.checkedAt <= maxAgeMs) return s.running ?? s.version;
    return this.update(jurisdiction);
  }

  /** Runs (or joins) an incremental build for the jurisdiction. */
  update(jurisdiction: string): Promise<Tiles3dVersion> {
    const s = this.states.get(jurisdiction);
    if (s?.running) return s.running;
    const running = this.refresh(jurisdiction, s).finally(() => {
      const st = this.states.get(jurisdiction);
      if (st) st.running = undefined;
    });
    if (s) s.running = running;
    else
      this.states.set(jurisdiction, {
        checkedAt: 0,
        running,
        version: { jurisdiction, version: '', builtAt: '', buildings: 0, tiles: 0 },
        stamp: undefined,
      });
    return running;
  }

  private async refresh(jurisdiction: string, s: State | undefined): Promise<Tiles3dVersion> {
    const dir = this.dirOf(jurisdiction);
    const known = s?.version.version ? s : undefined;
    const manifest = known ? undefined : await readManifest(dir);
    const stamp = known?.stamp ?? stampOf(manifest?.stamp);
    const check = await selectSourceCheck(this.db, stamp?.watermark ?? null);
    const current = { db: check.db, watermark: check.watermark };
    if (stamp && stamp.db === check.db && !check.changed) {
      // Nothing written since: the tileset stands; later checks start from the new watermark.
      const version =
        known?.version ??
        ({
          jurisdiction,
          version: manifest!.version,
          builtAt: manifest!.builtAt,
          buildings: manifest!.buildings,
          tiles: Object.keys(manifest!.tiles).length,
        } satisfies Tiles3dVersion);
      this.states.set(jurisdiction, { checkedAt: Date.now(), version, running: undefined, stamp: current });
      return version;
    }
    const before = known?.version.version ?? manifest?.version;
    const r = await buildTileset(postgisSource(this.db, jurisdiction), dir, { stamp: { ...current } });
    const version = {
      jurisdiction,
      version: r.version,
      builtAt: new Date().toISOString(),
      buildings: r.buildings,
      tiles: r.tiles,
    };
    this.states.set(jurisdiction, { checkedAt: Date.now(), version, running: undefined, stamp: current });
    if (before !== undefined && before !== r.version)
      this.hub.toRooms([regionRoom(jurisdiction)], 'tiles3d:updated', {
        jurisdiction,
        version: r.version,
        changedTiles: r.changedTiles,
      });
    return version;
  }

  async tilesetJson(jurisdiction: string): Promise<Buffer> {
    await this.current(jurisdiction);
    return readFile(join(this.dirOf(jurisdiction), 'tileset.json'));
  }

  contentPath(jurisdiction: string, file: string): string {
    return join(this.dirOf(jurisdiction), 'content', file);
  }

  /** Builds the tilesets of every active jurisdiction (at start: the demo district's is ready). */
  async prebuild(): Promise<void> {
    for (const j of await selectActiveJurisdictions(this.db)) await this.update(j);
  }

  /** Re-checks every tileset built so far (background loop), then prunes the change log. */
  async refreshAll(): Promise<void> {
    for (const j of [...this.states.keys()]) await this.update(j);
    const marks = [...this.states.values()].map((s) => s.stamp?.watermark).filter((w) => w !== undefined);
    if (marks.length > 0)
      await pruneSourceChanges(
        this.db,
        marks.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b)),
      );
  }
}

function stampOf(x: Record<string, string> | undefined): TilesetStamp | undefined {
  return typeof x?.db === 'string' && typeof x.watermark === 'string'
    ? { db: x.db, watermark: x.watermark }
    : undefined;
}
