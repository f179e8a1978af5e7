import { useCallback } from 'react';
import { tiles3dVersionSchema, TILES3D_BASE, type Tiles3dUpdated } from '../../../../contracts/tiles3d.ts';
import type { RegionUpdated } from '../../../../contracts/events.ts';
import { api } from '../../api/http.ts';
import { useSocketEvent } from '../../api/socket.ts';
import { useSession } from '../../store/session.ts';
import { useTiles } from './tilesStore.ts';

/**
 * Keeps `useTiles.version` current: the server announces a rebuilt tileset with `tiles3d:updated`
 * (for the caller's own jurisdiction; a district socket also hears its streets' tilesets), and a
 * `region:updated` about buildings makes the screen ask for the version (a cheap no-store GET).
 */
export function useTilesetVersion() {
  const onTiles = useCallback((p: Tiles3dUpdated) => {
    if (p.jurisdiction === useSession.getState().me?.jurisdiction) useTiles.getState().setVersion(p.version);
  }, []);
  const onRegion = useCallback((p: RegionUpdated) => {
    if (p.what !== 'buildings') return;
    api(`${TILES3D_BASE}/version`, tiles3dVersionSchema).then(
      (v) => useTiles.getState().setVersion(v.version),
      (e: unknown) => console.warn('[map] tileset version', e),
    );
  }, []);
  useSocketEvent('tiles3d:updated', onTiles);
  useSocketEvent('region:updated', onRegion);
}
