import { useEffect, useRef, useState } from 'react';
import { useCesium } from 'resium';
import {
  CustomShader,
  LightingModel,
  Cesium3DTileColorBlendMode,
  Cesium3DTileFeature,
  type Cesium3DTileset,
} from 'cesium';
import { tilesetUrl } from '../../../../contracts/tiles3d.ts';
import { useUi } from '../../store/ui.ts';
import { updateMapHooks } from '../testHooks.ts';
import { loadTileset } from './loadTileset.ts';
import { registerPicker } from './pickRegistry.ts';
import { TilesetPainter } from './TilesetPainter.ts';
import { useTiles } from './tilesStore.ts';
import { updateTilesHooks } from './testHooks.ts';
import { useTilesetVersion } from './useTilesetVersion.ts';

/**
 * In 2D Cesium projects positions but not normals, so lit roofs come out darker than the legend;
 * seen from straight above, unlit colours lose nothing.
 */
const UNLIT = new CustomShader({ lightingModel: LightingModel.UNLIT });

interface Live {
  tileset: Cesium3DTileset;
  painter: TilesetPainter;
}

/**
 * Our buildings as the server's 3D Tiles 1.1 tileset (contracts/tiles3d.ts), coloured per feature
 * from the tiles' metadata; hover, selection and the filter recolour only what changed. A new
 * version loads beside the old one, which goes once the new one has drawn its first tiles (no
 * blank wall while someone edits a building). If the first load fails, the store falls back to
 * the batched primitive. Renders nothing.
 */
export function BuildingsTileset() {
  const { viewer } = useCesium();
  const version = useTiles((s) => s.version);
  const visible = useTiles((s) => s.buildingsVisible);
  const filter = useTiles((s) => s.filter);
  const metric = useUi((s) => s.colorMetric);
  const hovered = useUi((s) => s.hoveredBuildingId);
  const selected = useUi((s) => s.selectedBuildingId);
  const mode = useUi((s) => s.mode);
  const [live, setLive] = useState<Live | null>(null);
  const style = { metric, filter, hovered, selected };
  const styleRef = useRef(style);
  styleRef.current = style;
  const current = useRef<Live | null>(null);

  useTilesetVersion();

  // Create: one tileset per version; the previous one is removed once this one has drawn.
  useEffect(() => {
    if (!viewer) return;
    const scene = viewer.scene;
    const started = performance.now();
    let next: Live | null = null;
    let cancelled = false;
    // Straight to the tiles the view needs, not level by level: 22 contents instead of 32 and one
    // round of requests instead of three at start-up (measured in SwiftShader: buildings ready
    // 9.3-9.5 s instead of 10.3-10.7 s after navigation).
    loadTileset(tilesetUrl(version ?? undefined), {
      skipLevelOfDetail: true,
      immediatelyLoadDesiredLevelOfDetail: true,
    }).then(
      (tileset) => {
        if (cancelled || viewer.isDestroyed()) return void tileset.destroy();
        tileset.colorBlendMode = Cesium3DTileColorBlendMode.REPLACE;
        const painter = new TilesetPainter(tileset, styleRef.current);
        next = { tileset, painter };
        scene.primitives.add(tileset);
        // Start-up timing (bench/screen.bench.ts): the first frame drawn with some of the buildings.
        const firstTile = tileset.tileLoad.addEventListener(() => {
          firstTile();
          const drawn = scene.postRender.addEventListener(() => {
            drawn();
            if (performance.getEntriesByName('gc:buildings-first').length === 0)
              performance.mark('gc:buildings-first');
          });
        });
        const stop = tileset.allTilesLoaded.addEventListener(() => {
          stop();
          const old = current.current;
          current.current = next;
          if (old) remove(viewer.scene, old);
          setLive(next);
          useTiles.getState().setSource('tileset');
          const v = (tileset.asset as { tilesetVersion?: string }).tilesetVersion ?? null;
          updateTilesHooks({ source: 'tileset', version: v });
          updateMapHooks({ ready: true });
          console.info(
            `[map] buildings tileset ${v ?? ''} ready in ${Math.round(performance.now() - started)} ms`,
          );
          scene.requestRender();
        });
        scene.requestRender();
      },
      (e: unknown) => {
        if (cancelled) return;
        console.warn('[map] buildings tileset unavailable, drawing the batched primitive', e);
        if (!current.current) {
          useTiles.getState().setSource('primitive');
          updateTilesHooks({ source: 'primitive' });
        }
      },
    );
    return () => {
      cancelled = true;
      // Still loading (a newer version came, or unmounting): drop it.
      if (next && next !== current.current && !viewer.isDestroyed()) remove(scene, next);
    };
  }, [viewer, version]);

  // Unmount: remove whatever is shown.
  useEffect(
    () => () => {
      if (current.current && viewer && !viewer.isDestroyed()) remove(viewer.scene, current.current);
      current.current = null;
      updateMapHooks({ ready: false, buildingColor: () => null });
    },
    [viewer],
  );

  // Data: recolour and show/hide.
  useEffect(() => {
    if (!viewer || !live || live.tileset.isDestroyed()) return;
    const changed = live.painter.paint({ metric, filter, hovered, selected });
    const shown = live.tileset.show !== visible;
    live.tileset.show = visible;
    const flat = mode === '2d' ? UNLIT : undefined;
    const reshaded = live.tileset.customShader !== flat;
    live.tileset.customShader = flat;
    updateMapHooks({ selectedBuildingId: selected, buildingColor: (id) => live.painter.cssColorOf(id) });
    updateTilesHooks({ loadedFeatures: () => live.painter.featureCount });
    if (changed > 0 || shown || reshaded) viewer.scene.requestRender();
  }, [viewer, live, metric, filter, hovered, selected, visible, mode]);

  // Picking: a feature of our tileset carries the building's database id.
  useEffect(() => {
    if (!live) return;
    return registerPicker((picked) => {
      if (!(picked instanceof Cesium3DTileFeature) || picked.tileset !== live.tileset) return null;
      return { kind: 'building', id: Number(picked.getProperty('id')) };
    });
  }, [live]);

  return null;
}

function remove(scene: { primitives: { remove(p: unknown): boolean } }, live: Live): void {
  live.painter.destroy();
  // Removing destroys the tileset (the collection owns it).
  scene.primitives.remove(live.tileset);
}
