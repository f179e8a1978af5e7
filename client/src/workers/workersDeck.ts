import type { Layer, PickingInfo } from '@deck.gl/core';
import { TripsLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Track, TrackStop, WorkerListItem } from '../../../contracts/workers.ts';
import type { DeckContribution } from '../map2d/deckLayers.ts';
import { useUi } from '../store/ui.ts';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { timeAt } from './playbackClock.ts';
import { usePlayback } from './playbackStore.ts';
import { positionAt, stopMinutes } from './trackSample.ts';
import { hexRgb, iconPx, rgbOf, stateOf, trackColor } from './workerIcons.ts';
import { motion, useWorkers } from './workersStore.ts';

/** A live worker as drawn this frame. */
interface LiveDot {
  id: number;
  name: string;
  position: [number, number];
  color: [number, number, number];
}

interface Trip {
  workerId: number;
  path: [number, number][];
  /** Seconds since the playback's start: float32 on the GPU keeps ms-resolution epoch times from being exact. */
  timestamps: number[];
  color: [number, number, number];
}

/** Tracks converted once per load (not per frame). */
let tripsCache: { tracks: Track[]; from: number; trips: Trip[] } | null = null;
function tripsOf(tracks: Track[], from: number): Trip[] {
  if (tripsCache?.tracks !== tracks || tripsCache.from !== from) {
    const trips = tracks.map((tr, k) => ({
      workerId: tr.workerId,
      path: tr.path.lon.map((lon, i) => [lon, tr.path.lat[i]!] as [number, number]),
      timestamps: tr.path.t.map((t) => (t - from) / 1000),
      color: hexRgb(trackColor(k)),
    }));
    tripsCache = { tracks, from, trips };
  }
  return tripsCache.trips;
}

/**
 * The workers' deck.gl layers for the 2D view: live dots with names, or, during a playback, the
 * TripsLayer of the played paths up to the clock's time, moving heads and the stops with their
 * durations. Rebuilt every frame from the stores (deck.gl diffs by layer id).
 */
export const workersDeck: DeckContribution = {
  layers(): Layer[] {
    const ws = useWorkers.getState();
    const pb = usePlayback.getState();
    const px = iconPx(window.innerHeight);
    const now = performance.now();
    const replaying = pb.tracks.length > 0 && pb.clock !== null;
    const dots: LiveDot[] = [];
    if (ws.shown && !replaying)
      for (const w of ws.byId.values()) {
        const at = motion.at(w.id, now);
        if (at) dots.push({ id: w.id, name: w.name, position: at, color: rgbOf(stateOf(w, ws.selectedId)) });
      }
    const layers: Layer[] = [
      new ScatterplotLayer<LiveDot>({
        id: 'workers:live',
        data: dots,
        getPosition: (d) => d.position,
        getFillColor: (d) => d.color,
        getLineColor: [255, 255, 255],
        radiusUnits: 'pixels',
        getRadius: px / 2,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        stroked: true,
        pickable: true,
        visible: dots.length > 0,
      }),
      new TextLayer<LiveDot>({
        id: 'workers:names',
        data: dots,
        getPosition: (d) => d.position,
        getText: (d) => d.name,
        characterSet: 'auto',
        getSize: Math.round(px * 0.5),
        getColor: [255, 255, 255],
        outlineColor: [11, 21, 38],
        outlineWidth: 4,
        fontSettings: { sdf: true },
        fontWeight: 'bold',
        getPixelOffset: [0, px / 2 + 4],
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'top',
        visible: dots.length > 0,
      }),
    ];
    if (replaying) layers.push(...playbackLayers(pb.tracks, pb.clock!, px, now));
    return layers;
  },
  onClick(info: PickingInfo) {
    const d = info.object as LiveDot | WorkerListItem | undefined;
    if (info.layer?.id === 'workers:live' && d) useWorkers.getState().select(d.id);
  },
};

interface Head {
  workerId: number;
  position: [number, number];
  color: [number, number, number];
}
interface StopLabel {
  stop: TrackStop;
  color: [number, number, number];
}

function playbackLayers(
  tracks: Track[],
  clock: NonNullable<ReturnType<typeof usePlayback.getState>['clock']>,
  px: number,
  now: number,
): Layer[] {
  const time = timeAt(clock, now);
  const trips = tripsOf(tracks, clock.from);
  const heads: Head[] = [];
  tracks.forEach((tr, k) => {
    const at = positionAt(tr, time);
    if (at) heads.push({ workerId: tr.workerId, position: at, color: trips[k]!.color });
  });
  const stops: StopLabel[] = tracks.flatMap((tr, k) =>
    tr.stops.map((stop) => ({ stop, color: trips[k]!.color })),
  );
  const dict = useUi.getState().lang === 'zh' ? zh : en;
  return [
    new TripsLayer<Trip>({
      id: 'workers:trips',
      data: trips,
      getPath: (d) => d.path,
      getTimestamps: (d) => d.timestamps,
      getColor: (d) => d.color,
      widthUnits: 'pixels',
      getWidth: px / 5,
      capRounded: true,
      jointRounded: true,
      // The whole played part stays drawn (no fading trail): the panel shows where they went.
      fadeTrail: false,
      trailLength: (clock.to - clock.from) / 1000,
      currentTime: (time - clock.from) / 1000,
    }),
    new ScatterplotLayer<StopLabel>({
      id: 'workers:stops',
      data: stops,
      getPosition: (d) => [d.stop.lon, d.stop.lat],
      getFillColor: (d) => d.color,
      getLineColor: [255, 255, 255],
      radiusUnits: 'pixels',
      getRadius: px / 5,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      stroked: true,
    }),
    new TextLayer<StopLabel>({
      id: 'workers:stop-labels',
      data: stops,
      getPosition: (d) => [d.stop.lon, d.stop.lat],
      getText: (d) => dict['workers.stopMin'].replace('{n}', String(stopMinutes(d.stop.durationS))),
      characterSet: 'auto',
      getSize: Math.round(px * 0.45),
      getColor: (d) => d.color,
      outlineColor: [11, 21, 38],
      outlineWidth: 4,
      fontSettings: { sdf: true },
      fontWeight: 'bold',
      getPixelOffset: [0, -px / 3],
      getAlignmentBaseline: 'bottom',
      updateTriggers: { getText: dict },
    }),
    new ScatterplotLayer<Head>({
      id: 'workers:heads',
      data: heads,
      getPosition: (d) => d.position,
      getFillColor: (d) => d.color,
      getLineColor: [255, 255, 255],
      radiusUnits: 'pixels',
      getRadius: px / 2,
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5,
      stroked: true,
      pickable: true,
    }),
  ];
}
