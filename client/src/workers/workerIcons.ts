import type { WorkerListItem } from '../../../contracts/workers.ts';

/** How a worker's icon is coloured; the card and both views use the same states. */
export type WorkerState = 'duty' | 'outside' | 'still' | 'off' | 'selected';

export const STATE_COLORS: Record<WorkerState, string> = {
  duty: '#3ddc97',
  outside: '#ffc400',
  still: '#ff9f1c',
  off: '#8aa4c4',
  selected: '#00e5ff',
};

export function stateOf(w: WorkerListItem, selectedId: number | null): WorkerState {
  if (w.id === selectedId) return 'selected';
  if (!w.onDuty) return 'off';
  if (w.inOwnCell === false) return 'outside';
  return w.still ? 'still' : 'duty';
}

/** [r, g, b] 0–255 of a state's colour (deck.gl accessors). */
export function rgbOf(state: WorkerState): [number, number, number] {
  return hexRgb(STATE_COLORS[state]);
}

export function hexRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Colours of replayed workers, in the order picked (distinct from the live states' colours). */
export const TRACK_COLORS = ['#00e5ff', '#ff5cf0', '#ffe14d', '#7c9cff', '#ff7a45', '#9dff5c'] as const;
export const trackColor = (k: number): string => TRACK_COLORS[k % TRACK_COLORS.length]!;

const urls = new Map<string, string>();

export function iconUrl(state: WorkerState): string {
  return badgeUrl(STATE_COLORS[state]);
}

/**
 * A round badge with a person glyph, drawn once per colour into a data URL (Cesium's texture atlas
 * caches images by URL, so hundreds of billboards share a handful of images). No image files, no requests.
 */
export function badgeUrl(color: string): string {
  const cached = urls.get(color);
  if (cached) return cached;
  const size = 64;
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const g = c.getContext('2d')!;
  const mid = size / 2;
  g.beginPath();
  g.arc(mid, mid, mid - 3, 0, Math.PI * 2);
  g.fillStyle = color;
  g.fill();
  g.lineWidth = 5;
  g.strokeStyle = '#ffffff';
  g.stroke();
  // Person: head and shoulders in the screen's navy.
  g.fillStyle = '#0b1526';
  g.beginPath();
  g.arc(mid, mid - 8, 9, 0, Math.PI * 2);
  g.fill();
  g.beginPath();
  g.arc(mid, mid + 20, 17, Math.PI, 0);
  g.fill();
  const url = c.toDataURL('image/png');
  urls.set(color, url);
  return url;
}

/** Icon size in CSS pixels: 30 px at 1080 lines, twice that on a 4K wall (as the panels' rem). */
export function iconPx(canvasHeightPx: number): number {
  return Math.round(30 * Math.min(2, Math.max(0.75, canvasHeightPx / 1080)));
}
