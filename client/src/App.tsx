import { lazy, Suspense } from 'react';

// Cesium is a large chunk of its own, loaded after the shell.
const MapView = lazy(() => import('./map3d/MapView.tsx'));

export function App() {
  return (
    <Suspense fallback={<div className="loading">加载三维场景…</div>}>
      <MapView />
    </Suspense>
  );
}
