import {
  BillboardCollection,
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HeightReference,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  VerticalOrigin,
  type Billboard,
  type Label,
  type Scene,
} from 'cesium';
import type { WorkerListItem } from '../../../contracts/workers.ts';
import type { LiveMotion } from './liveMotion.ts';
import { iconPx, iconUrl, stateOf, type WorkerState } from './workerIcons.ts';

/** Icons float 2 m above the ground (the ellipsoid), not clamped onto tiles or roofs. */
export const ICON_HEIGHT_M = 2;
/**
 * Names only when close enough to read them (camera distance, m): over a whole district, 200
 * names covered the map (seen on the 1920×1080 screenshot); a street's worth stays legible.
 */
const LABEL_RANGE = new DistanceDisplayCondition(0, 2500);
/** Icons shrink with distance, to 60 % over a district (camera distance, m). */
const ICON_SCALE = new NearFarScalar(1500, 1, 8000, 0.6);
const FULL_SIZE = new NearFarScalar(0, 1, 1, 1);
const ANY_DISTANCE = new DistanceDisplayCondition(0, Number.MAX_VALUE);

interface Icon {
  billboard: Billboard;
  label: Label;
  state: WorkerState;
}

/**
 * Every live worker as one billboard + one label in two batched collections (one draw call each).
 * Depth test is off so an icon behind a building stays visible: the wall must show everyone.
 */
export class WorkerBillboards {
  readonly billboards = new BillboardCollection();
  readonly labels = new LabelCollection();
  private readonly icons = new Map<number, Icon>();
  private readonly scratch = new Cartesian3();

  constructor(private readonly scene: Scene) {
    scene.primitives.add(this.billboards);
    scene.primitives.add(this.labels);
  }

  /** Adds, restyles and removes icons to match the list; returns whether anything changed. */
  sync(
    workers: ReadonlyMap<number, WorkerListItem>,
    selectedId: number | null,
    motion: LiveMotion,
    now: number,
  ): boolean {
    let changed = false;
    const px = iconPx(this.scene.canvas.clientHeight);
    for (const [id, icon] of this.icons) {
      if (workers.get(id)?.latest) continue;
      this.billboards.remove(icon.billboard);
      this.labels.remove(icon.label);
      this.icons.delete(id);
      changed = true;
    }
    for (const w of workers.values()) {
      const at = motion.at(w.id, now);
      if (!at) continue;
      const state = stateOf(w, selectedId);
      let icon = this.icons.get(w.id);
      if (!icon) {
        icon = this.create(w, state, px, Cartesian3.fromDegrees(at[0], at[1], ICON_HEIGHT_M));
        this.icons.set(w.id, icon);
        changed = true;
      } else if (icon.state !== state || icon.billboard.width !== px) {
        icon.state = state;
        icon.billboard.image = iconUrl(state);
        icon.billboard.width = icon.billboard.height = px;
        icon.label.text = w.name;
        farSight(icon);
        changed = true;
      }
    }
    return this.move(motion, now) || changed;
  }

  /** Moves icons to their drawn positions at `now`; returns whether any moved. */
  move(motion: LiveMotion, now: number): boolean {
    let moved = false;
    for (const [id, icon] of this.icons) {
      const at = motion.at(id, now);
      if (!at) continue;
      const p = Cartesian3.fromDegrees(at[0], at[1], ICON_HEIGHT_M, undefined, this.scratch);
      if (Cartesian3.equals(p, icon.billboard.position)) continue;
      icon.billboard.position = p;
      icon.label.position = p;
      moved = true;
    }
    return moved;
  }

  setShown(shown: boolean): void {
    this.billboards.show = shown;
    this.labels.show = shown;
  }

  has(id: number): boolean {
    return this.icons.has(id);
  }

  count(): number {
    return this.icons.size;
  }

  positionOf(id: number): Cartesian3 | null {
    return this.icons.get(id)?.billboard.position ?? null;
  }

  destroy(): void {
    if (this.scene.isDestroyed()) return;
    this.scene.primitives.remove(this.billboards);
    this.scene.primitives.remove(this.labels);
  }

  private create(w: WorkerListItem, state: WorkerState, px: number, position: Cartesian3): Icon {
    const billboard = this.billboards.add({
      id: { workerId: w.id },
      position,
      image: iconUrl(state),
      width: px,
      height: px,
      heightReference: HeightReference.NONE,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    const label = this.labels.add({
      id: { workerId: w.id },
      position,
      text: w.name,
      font: `bold ${Math.round(px * 0.5)}px sans-serif`,
      fillColor: Color.WHITE,
      outlineColor: Color.fromCssColorString('#0b1526'),
      outlineWidth: 4,
      style: LabelStyle.FILL_AND_OUTLINE,
      verticalOrigin: VerticalOrigin.TOP,
      pixelOffset: new Cartesian2(0, px / 2 + 2),
      heightReference: HeightReference.NONE,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    const icon = { billboard, label, state };
    farSight(icon);
    return icon;
  }
}

/** The selected worker keeps its full size and its name at any distance: the card points at it. */
function farSight(icon: Icon): void {
  const selected = icon.state === 'selected';
  icon.billboard.scaleByDistance = selected ? FULL_SIZE : ICON_SCALE;
  icon.label.distanceDisplayCondition = selected ? ANY_DISTANCE : LABEL_RANGE;
}
