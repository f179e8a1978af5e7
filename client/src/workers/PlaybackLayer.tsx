import { useEffect } from 'react';
import { useCesium } from 'resium';
import { invalidateDeckLayers, setDeckAnimating } from '../map2d/deckLayers.ts';
import { useT } from '../i18n/index.ts';
import { useUi } from '../store/ui.ts';
import { PlaybackPrimitives } from './playbackPrimitives.ts';
import { ended, timeAt } from './playbackClock.ts';
import { usePlayback } from './playbackStore.ts';
import { updatePlaybackHooks } from './testHooks.ts';
import { stopMinutes } from './trackSample.ts';

/**
 * The playback on the map: Cesium primitives in 3D, deck.gl's TripsLayer in 2D (workersDeck.ts),
 * both read the one clock. Animates every frame only while the clock plays. Renders nothing.
 */
export function PlaybackLayer() {
  const { viewer } = useCesium();
  const t = useT();
  const tracks = usePlayback((s) => s.tracks);

  useEffect(() => {
    if (!viewer || tracks.length === 0) return;
    const scene = viewer.scene;
    const prims = new PlaybackPrimitives(scene, tracks, (s) => t('workers.stopMin', { n: stopMinutes(s) }));
    let frame = 0;
    const draw = () => {
      frame = 0;
      const { clock, follow } = usePlayback.getState();
      if (!clock) return;
      const now = performance.now();
      const time = timeAt(clock, now);
      const in3d = useUi.getState().mode === '3d';
      const centre = prims.draw(time);
      prims.follow(centre, follow);
      prims.setShown(in3d);
      // In 2D deck.gl draws the playback; Cesium only redraws when the follow camera moved it.
      if (in3d || follow) scene.requestRender();
      const running = clock.playing && !ended(clock, now);
      setDeckAnimating('playback', running && !in3d);
      if (!in3d) invalidateDeckLayers();
      const c = prims.counts();
      updatePlaybackHooks({
        playing: running,
        multiplier: clock.multiplier,
        paths3d: c.paths,
        stops: c.stops,
      });
      if (running) frame = requestAnimationFrame(draw);
    };
    const kick = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    kick();
    const offPlayback = usePlayback.subscribe(
      (s, p) => (s.clock !== p.clock || s.follow !== p.follow) && kick(),
    );
    const offUi = useUi.subscribe((s, p) => s.mode !== p.mode && kick());
    updatePlaybackHooks({
      clock: () => ({ ...usePlayback.getState().clock, now: performance.now(), frame }),
      ids: tracks.map((tr) => tr.workerId),
      time: () => {
        const c = usePlayback.getState().clock;
        return c ? timeAt(c, performance.now()) : null;
      },
    });
    return () => {
      cancelAnimationFrame(frame);
      offPlayback();
      offUi();
      setDeckAnimating('playback', false);
      prims.destroy();
      scene.requestRender();
      updatePlaybackHooks({ ids: [], playing: false, paths3d: 0, stops: 0, time: () => null });
    };
  }, [viewer, tracks, t]);

  return null;
}
