import { useEffect } from 'react';
import { useCesium } from 'resium';
import { Color, Material, PolylineCollection } from 'cesium';
import { regionDetailSchema } from '../../../contracts/regions.ts';
import { api } from '../api/http.ts';
import { useUi } from '../store/ui.ts';
import { linePositions, linesOf } from './footprint.ts';

const OUTLINE_COLOR = '#ffffff';
/** Glow lines need width for the halo: the core is about a quarter of it (px). */
const OUTLINE_WIDTH_PX = 12;
/** Above the basemap's lines (0.5–0.6 m) so the bold edge wins. */
const OUTLINE_HEIGHT_M = 1;

/**
 * The selected region's boundary drawn boldly, and the camera sent to its bbox (through the
 * store's flyTo, so CameraController stays the only one moving the camera). Renders nothing.
 */
export function RegionOutline() {
  const { viewer } = useCesium();
  const code = useUi((s) => s.selectedRegionCode);

  useEffect(() => {
    if (!viewer || !code) return;
    const controller = new AbortController();
    const lines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    api(`/api/regions/${encodeURIComponent(code)}`, regionDetailSchema, { signal: controller.signal })
      .then((region) => {
        if (viewer.isDestroyed()) return;
        // one material per line: a polyline destroys its own (BasemapLayer.tsx)
        for (const ring of linesOf(region.geometry)) {
          const material = Material.fromType('PolylineGlow', {
            color: Color.fromCssColorString(OUTLINE_COLOR),
            glowPower: 0.25,
          });
          lines.add({ positions: linePositions(ring, OUTLINE_HEIGHT_M), width: OUTLINE_WIDTH_PX, material });
        }
        useUi.getState().flyTo({ kind: 'bbox', bbox: region.bbox });
        viewer.scene.requestRender();
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) console.warn('[map] region outline failed', e);
      });
    return () => {
      controller.abort();
      if (viewer.isDestroyed()) return;
      viewer.scene.primitives.remove(lines);
      viewer.scene.requestRender();
    };
  }, [viewer, code]);

  return null;
}
