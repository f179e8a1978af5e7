import { Deck, MapView, type Layer, type PickingInfo } from '@deck.gl/core';
import type { Scene } from 'cesium';
import type { DeckContribution } from './deckLayers.ts';
import { FrameGate } from './frameGate.ts';
import { updateDeckHooks } from './testHooks.ts';
import { deckViewStateOf, sameViewState, type DeckViewState } from './viewState.ts';

/** Contributions by feature id, in registration order. */
export type Contributions = ReadonlyArray<readonly [id: string, c: DeckContribution]>;

/**
 * A deck.gl canvas over Cesium's, for the 2D view. Cesium keeps the pointer (its canvas gets every
 * event: pan, zoom and building picks stay Cesium's); deck follows Cesium's camera and draws only
 * when asked: after a camera change (in the same task as Cesium's frame, so both move together),
 * after new layers, and every frame while a contribution animates.
 */
export class DeckOverlay {
  private readonly canvas: HTMLCanvasElement;
  private readonly gate = new FrameGate();
  private readonly deck: Deck<MapView>;
  private readonly removePostRender: () => void;
  private readonly resize: ResizeObserver;
  private contributions: Contributions = [];
  private viewState: DeckViewState | null = null;
  private visible = false;
  private animating = false;
  private animationFrame = 0;
  private drawn = 0;
  private ticks = 0;

  constructor(private readonly scene: Scene) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'deck-overlay';
    this.canvas.dataset.testid = 'deck-overlay';
    // Over Cesium's canvas in its widget box; the pointer goes through to Cesium.
    Object.assign(this.canvas.style, {
      position: 'absolute',
      left: '0',
      top: '0',
      pointerEvents: 'none',
      display: 'none',
    });
    // Directly above Cesium's canvas, under Cesium's own widgets and our panels.
    scene.canvas.insertAdjacentElement('afterend', this.canvas);
    this.deck = new Deck<MapView>({
      canvas: this.canvas,
      views: new MapView({ repeat: false }),
      viewState: { longitude: 0, latitude: 0, zoom: 1 },
      controller: false,
      // Cesium renders at CSS pixels (useBrowserRecommendedResolution); so do we, to match.
      useDevicePixels: false,
      layers: [],
      onLoad: () => this.gate.wake(),
      onError: (e) => console.error('[deck]', e),
      onAfterRender: () => {
        this.drawn++;
        updateDeckHooks({ ready: true, frames: this.drawn });
      },
      // Not in DeckProps' type: luma.gl's AnimationLoop reads it from the props deck passes on.
      ...({ animationFrameProvider: this.gate.provider } as object),
    });
    this.removePostRender = scene.postRender.addEventListener(() => this.followCamera());
    this.resize = new ResizeObserver(() => this.gate.wake());
    this.resize.observe(this.canvas);
    updateDeckHooks({
      objectsOnScreen: () =>
        this.objectsOnScreen().map((i) => ({ layerId: i.layer?.id ?? '', object: i.object })),
      frameScheduled: () => this.gate.scheduled || this.animating,
      project: (lon, lat) => {
        const viewport = this.visible ? this.deck.getViewports()[0] : undefined;
        const [x, y] = viewport ? viewport.project([lon, lat]) : [];
        return x === undefined || y === undefined ? null : [x, y];
      },
    });
  }

  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    this.canvas.style.display = visible ? '' : 'none';
    updateDeckHooks({ visible });
    if (visible) {
      this.viewState = null;
      this.followCamera();
      this.redraw();
    }
  }

  setContributions(contributions: Contributions): void {
    this.contributions = contributions;
    this.redraw();
  }

  /** Rebuilds every layer and draws once (when shown). */
  redraw(): void {
    if (!this.visible) return;
    const layers = this.buildLayers();
    this.deck.setProps({ layers });
    updateDeckHooks({ layerIds: layers.map((l) => l.id) });
    this.gate.wake();
  }

  /** While animating, layers are rebuilt every animation frame (deck diffs them by id). */
  setAnimating(on: boolean): void {
    if (this.animating === on) return;
    this.animating = on;
    updateDeckHooks({ animating: on });
    if (on) this.tick();
    else cancelAnimationFrame(this.animationFrame);
  }

  /** Routes a click (CSS pixels in the canvas) to the contribution whose object is there. */
  pick(x: number, y: number): boolean {
    if (!this.visible) return false;
    const info = this.deck.pickObject({ x, y, radius: 8 });
    if (!info?.layer) return false;
    const owner = this.contributions.find(([id]) => info.layer!.id.startsWith(`${id}:`));
    if (!owner?.[1].onClick) return false;
    owner[1].onClick(info as PickingInfo);
    return true;
  }

  /** Objects drawn by a layer (for the end-to-end tests): picks every object on screen. */
  objectsOnScreen(): PickingInfo[] {
    if (!this.visible) return [];
    const { clientWidth: width, clientHeight: height } = this.canvas;
    return this.deck.pickObjects({ x: 0, y: 0, width, height });
  }

  destroy(): void {
    cancelAnimationFrame(this.animationFrame);
    this.removePostRender();
    this.resize.disconnect();
    this.gate.destroy();
    this.deck.finalize();
    this.canvas.remove();
    updateDeckHooks({ ready: false, visible: false, layerIds: [] });
  }

  private tick = (): void => {
    if (!this.animating) return;
    // Scheduled first: a layer that throws must not end the animation for good.
    this.animationFrame = requestAnimationFrame(this.tick);
    this.redraw();
    this.gate.flush();
    updateDeckHooks({ ticks: ++this.ticks });
  };

  private buildLayers(): Layer[] {
    return this.contributions.flatMap(([, c]) => c.layers().filter((l): l is Layer => Boolean(l)));
  }

  /** After each Cesium frame: if its 2D camera moved, move deck's and draw now. */
  private followCamera(): void {
    if (!this.visible) return;
    const next = deckViewStateOf(this.scene);
    if (!next || sameViewState(next, this.viewState)) return;
    this.viewState = next;
    this.deck.setProps({ viewState: next });
    updateDeckHooks({ viewState: next });
    this.gate.wake();
    this.gate.flush();
  }
}
