import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Cesium's widgets bundle Knockout, which finds the global object with `(0,eval)("this")` as it
 * loads; our CSP has no 'unsafe-eval' (and should not get one), so that line is rewritten to
 * `globalThis` at build time.
 */
function knockoutWithoutEval(): Plugin {
  return {
    name: 'gridcenter:knockout-without-eval',
    transform(code, id) {
      if (!/knockout-[\d.]+\.js$/.test(id) || !code.includes('(0,eval)("this")')) return null;
      return { code: code.replace('this||(0,eval)("this")', 'globalThis'), map: null };
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), knockoutWithoutEval()],
  // Cesium's static files (workers, assets, widget CSS) are served by our server under /cesium/.
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/cesium': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    // PGlite boots a WASM Postgres with PostGIS per test file (~5–10 s on 2 cores).
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/support/globalSetup.ts'],
  },
});
