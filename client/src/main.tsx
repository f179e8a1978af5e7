import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles/base.css';
import './styles/panels.css';
import './styles/topbar.css';
import './styles/search.css';
import './styles/building.css';
import './styles/installation.css';

// Cesium loads its workers and assets from here; our server serves them (no CDN on an intranet).
(window as unknown as { CESIUM_BASE_URL: string }).CESIUM_BASE_URL = '/cesium/';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
