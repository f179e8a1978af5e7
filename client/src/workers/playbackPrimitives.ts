import {
  BillboardCollection,
  Cartesian2,
  Cartesian3,
  Color,
  HeadingPitchRange,
  LabelCollection,
  LabelStyle,
  Matrix4,
  PointPrimitiveCollection,
  PolylineCollection,
  SceneMode,
  VerticalOrigin,
  Material,
  type Billboard,
  type Polyline,
  type Scene,
} from 'cesium';
import type { Track } from '../../../contracts/workers.ts';
import { ICON_HEIGHT_M } from './workerBillboards.ts';
import { badgeUrl, iconPx, trackColor } from './workerIcons.ts';
import { playedPath, positionAt } from './trackSample.ts';

/** Paths lie 1 m above the ground so roads' and outlines' polylines do not hide them. */
const PATH_HEIGHT_M = 1;

interface Replayed {
  track: Track;
  played: Polyline;
  head: Billboard;
  /** Vertex count of the played part last drawn, to skip rebuilding an unchanged polyline. */
  drawnKey: string;
}

/**
 * A playback in 3D: each worker's whole route faint, the played part bright, a moving badge at
 * the clock's time and its stops as dots labelled with their duration. Batched collections; the
 * caller moves them each animation frame while the clock runs.
 */
export class PlaybackPrimitives {
  private readonly lines = new PolylineCollection();
  private readonly heads = new BillboardCollection();
  private readonly stops = new PointPrimitiveCollection();
  private readonly labels = new LabelCollection();
  private readonly replayed: Replayed[] = [];
  private followRangeM: number | null = null;

  constructor(
    private readonly scene: Scene,
    tracks: Track[],
    stopLabel: (durationS: number) => string,
  ) {
    for (const c of [this.lines, this.stops, this.heads, this.labels]) scene.primitives.add(c);
    const px = iconPx(scene.canvas.clientHeight);
    tracks.forEach((track, k) => {
      const color = Color.fromCssColorString(trackColor(k));
      const all = flatPositions(track.path.lon.flatMap((lon, i) => [lon, track.path.lat[i]!]));
      if (all.length >= 2)
        this.lines.add({
          positions: all,
          width: px / 8,
          material: Material.fromType('Color', { color: color.withAlpha(0.3) }),
        });
      const played = this.lines.add({
        positions: [],
        width: px / 5,
        material: Material.fromType('Color', { color }),
      });
      const head = this.heads.add({
        id: { workerId: track.workerId },
        position: Cartesian3.fromDegrees(track.path.lon[0] ?? 0, track.path.lat[0] ?? 0, ICON_HEIGHT_M),
        image: badgeUrl(trackColor(k)),
        width: px,
        height: px,
        show: false,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
      for (const s of track.stops) {
        const at = Cartesian3.fromDegrees(s.lon, s.lat, PATH_HEIGHT_M);
        this.stops.add({
          position: at,
          color,
          pixelSize: px / 2.5,
          outlineColor: Color.WHITE,
          outlineWidth: 2,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
        this.labels.add({
          position: at,
          text: stopLabel(s.durationS),
          font: `bold ${Math.round(px * 0.55)}px sans-serif`,
          showBackground: true,
          backgroundColor: Color.fromCssColorString('#0b1526').withAlpha(0.8),
          fillColor: color,
          outlineColor: Color.fromCssColorString('#0b1526'),
          outlineWidth: 4,
          style: LabelStyle.FILL_AND_OUTLINE,
          verticalOrigin: VerticalOrigin.BOTTOM,
          pixelOffset: new Cartesian2(0, -px / 2),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
      }
      this.replayed.push({ track, played, head, drawnKey: '' });
    });
  }

  /** Draws the state at playback time t; returns the heads' centre (for the follow camera). */
  draw(t: number): [number, number] | null {
    let sumLon = 0;
    let sumLat = 0;
    let n = 0;
    for (const r of this.replayed) {
      const head = positionAt(r.track, t);
      r.head.show = head !== null;
      if (!head) {
        r.played.positions = [];
        continue;
      }
      r.head.position = Cartesian3.fromDegrees(head[0], head[1], ICON_HEIGHT_M);
      const flat = playedPath(r.track, t);
      const key = `${flat.length}:${head[0]}:${head[1]}`;
      if (key !== r.drawnKey) {
        r.drawnKey = key;
        r.played.positions = flatPositions(flat);
      }
      sumLon += head[0];
      sumLat += head[1];
      n++;
    }
    return n ? [sumLon / n, sumLat / n] : null;
  }

  /** Keeps the camera's angle and distance, moving it so the replayed workers stay in the centre. */
  follow(centre: [number, number] | null, on: boolean): void {
    if (!on || !centre) {
      this.followRangeM = null;
      return;
    }
    const camera = this.scene.camera;
    const target = Cartesian3.fromDegrees(centre[0], centre[1], 0);
    if (this.scene.mode === SceneMode.SCENE2D) {
      camera.setView({
        destination: Cartesian3.fromDegrees(centre[0], centre[1], camera.positionCartographic.height),
      });
      return;
    }
    this.followRangeM ??= Math.min(3000, Cartesian3.distance(camera.positionWC, target));
    camera.lookAt(target, new HeadingPitchRange(camera.heading, camera.pitch, this.followRangeM));
    camera.lookAtTransform(Matrix4.IDENTITY);
  }

  /** In 2D deck.gl draws the playback (TripsLayer); Cesium's primitives step aside. */
  setShown(shown: boolean): void {
    for (const c of [this.lines, this.stops, this.heads, this.labels]) c.show = shown;
  }

  counts(): { paths: number; stops: number } {
    return {
      paths: this.replayed.filter((r) => r.played.positions.length >= 2).length,
      stops: this.stops.length,
    };
  }

  destroy(): void {
    if (this.scene.isDestroyed()) return;
    for (const c of [this.lines, this.stops, this.heads, this.labels]) this.scene.primitives.remove(c);
  }
}

function flatPositions(flat: number[]): Cartesian3[] {
  const out: Cartesian3[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push(Cartesian3.fromDegrees(flat[i]!, flat[i + 1]!, PATH_HEIGHT_M));
  return out;
}
