import type { CaseListItem } from '../../../contracts/cases.ts';
import { useUi } from '../store/ui.ts';
import { useCases } from './casesStore.ts';

/** Half the side of the box the camera shows around a case (m): its street and neighbours. */
const AROUND_M = 250;

/** Opens the case's drawer and flies the map to it (地图屏与信息屏联动). */
export function focusCase(c: Pick<CaseListItem, 'id' | 'point'>): void {
  useCases.getState().select(c.id);
  const [lon, lat] = c.point;
  const dLat = AROUND_M / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  useUi.getState().flyTo({ kind: 'bbox', bbox: [lon - dLon, lat - dLat, lon + dLon, lat + dLat] });
}
