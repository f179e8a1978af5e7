import { lazy, Suspense, useEffect } from 'react';
import { useAreaLoader } from '../api/loadArea.ts';
import { CasesOverlay } from '../cases/CasesOverlay.tsx';
import { useT } from '../i18n/index.ts';
import { EmptyArea } from '../installation/EmptyArea.tsx';
import { DivisionPanel } from '../divisions/DivisionPanel.tsx';
import { HeatPanel } from '../heat/HeatPanel.tsx';
import { OccupancyOverlay } from '../occupancy/OccupancyPanel.tsx';
import { EvaluationOverlay } from '../evaluation/EvaluationPanel.tsx';
import { AnalysisPanel } from './AnalysisPanel.tsx';
import { BuildingPanel } from './BuildingPanel.tsx';
import { MapBoundary } from './MapBoundary.tsx';
import { Attribution, Legend } from './Legend.tsx';
import { RegionSummary } from './RegionSummary.tsx';
import { RegionTree } from './RegionTree.tsx';
import { SearchBox } from './SearchBox.tsx';
import { TopBar } from './TopBar.tsx';
import { WorkersScreen } from '../workers/WorkersScreen.tsx';
import { LayersDock } from '../layers/LayersDock.tsx';

// Cesium is a large chunk of its own, loaded after the shell.
const MapView = lazy(() => import('../map3d/MapView.tsx'));

function AreaStatus() {
  const t = useT();
  const area = useAreaLoader();
  if (area.status === 'ready') return null;
  if (area.status === 'empty') return <EmptyArea />;
  return (
    <div className="area-status panel" role="status">
      {area.status === 'loading' ? (
        <span className="spinner-text">{t('loading.area')}</span>
      ) : (
        <>
          <span className="form-error">{t('error.load', { message: area.message })}</span>
          <button className="btn-primary" type="button" onClick={area.retry}>
            {t('retry')}
          </button>
        </>
      )}
    </div>
  );
}

/** The command screen: the map fills it, the panels float over it left and right. */
export function Screen() {
  const t = useT();
  // Start-up timing (bench/screen.bench.ts): the shell is up, search and panels answer.
  useEffect(() => {
    if (performance.getEntriesByName('gc:shell').length === 0) performance.mark('gc:shell');
  }, []);
  return (
    <div className="screen">
      <div className="map-layer">
        <MapBoundary
          fallback={(m) => <div className="loading map-error">{t('error.map', { message: m })}</div>}
        >
          <Suspense fallback={<div className="loading">{t('loading.map')}</div>}>
            <MapView />
          </Suspense>
        </MapBoundary>
      </div>
      <TopBar />
      <aside className="side left">
        <RegionSummary />
        <LayersDock />
        <RegionTree />
        <DivisionPanel />
        <HeatPanel />
        <AnalysisPanel />
      </aside>
      <aside className="side right">
        <SearchBox />
        <BuildingPanel />
      </aside>
      <div className="bottom-left">
        <Legend />
      </div>
      <Attribution />
      <AreaStatus />
      <OccupancyOverlay />
      <EvaluationOverlay />
      <CasesOverlay />
      <WorkersScreen />
    </div>
  );
}
