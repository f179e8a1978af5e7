import { lazy, Suspense } from 'react';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { useEvaluation } from '../evaluation/evaluationStore.ts';
import { childLevel, useOccupancy } from './occupancyStore.ts';
import '../styles/occupancy.css';

// ECharts and the board come as a chunk of their own, the first time an analyst opens it.
const OccupancyBoard = lazy(() => import('./OccupancyBoard.tsx'));

/**
 * The entry to 人口房屋分析 (in the left column's analysis panel): opens the board on the region
 * selected in the tree (or the whole jurisdiction), its units one level down.
 */
export function OccupancyToggle() {
  const t = useT();
  const me = useSession((s) => s.me);
  const open = useOccupancy((s) => s.open);
  if (!can(me, 'buildings.read')) return null;
  const toggle = () => {
    if (open) return useOccupancy.getState().set({ open: false });
    const selected = useUi.getState().selectedRegionCode;
    const jurisdiction = me?.jurisdiction ?? '';
    const region = selected && selected.startsWith(jurisdiction) ? selected : null;
    const code = region ?? jurisdiction;
    useEvaluation.getState().set({ open: false });
    useOccupancy.getState().set({ open: true, region, level: childLevel(code) });
  };
  return (
    <button className={`chip${open ? ' on' : ''}`} type="button" data-testid="occ-toggle" onClick={toggle}>
      {t('occ.title')}
    </button>
  );
}

/** The board itself, over the map between the side panels, while open. */
export function OccupancyOverlay() {
  const t = useT();
  const open = useOccupancy((s) => s.open);
  if (!open) return null;
  return (
    <Suspense fallback={<div className="panel occ-board occ-loading">{t('occ.loading')}</div>}>
      <OccupancyBoard />
    </Suspense>
  );
}
