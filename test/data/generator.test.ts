import * as turf from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { idNumberFacts, idNumberProblem } from '../../contracts/idNumber.ts';
import { generateDistrict } from '../../data/generator/generateDistrict.ts';
import type { District, RegionRow } from '../../data/generator/types.ts';

let d: District;
beforeAll(() => {
  d = generateDistrict({ seed: 1 });
});

const share = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length / xs.length;
const ageOn = (birth: string, ref: string) => {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ry, rm, rd] = ref.split('-').map(Number) as [number, number, number];
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
};

describe('generateDistrict (scale 1)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDistrict({ seed: 1 });
    expect(again).toEqual(d);
    const other = generateDistrict({ seed: 2 });
    expect(
      other.buildings.length === d.buildings.length &&
        other.residents[0]?.idNumber === d.residents[0]?.idNumber,
    ).toBe(false);
  });

  it('has district-sized counts', () => {
    const level = (l: string) => d.regions.filter((r) => r.level === l).length;
    expect(level('district')).toBe(1);
    expect(level('street')).toBe(3);
    expect(level('community')).toBeGreaterThanOrEqual(10);
    expect(level('community')).toBeLessThanOrEqual(14);
    expect(level('grid')).toBeGreaterThanOrEqual(100);
    expect(level('grid')).toBeLessThanOrEqual(140);
    expect(d.houses.length / level('grid')).toBeGreaterThanOrEqual(250);
    expect(d.houses.length / level('grid')).toBeLessThanOrEqual(350);
    expect(d.buildings.length).toBeGreaterThanOrEqual(2500);
    expect(d.buildings.length).toBeLessThanOrEqual(3500);
    expect(d.houses.length).toBeGreaterThanOrEqual(30_000);
    expect(d.houses.length).toBeLessThanOrEqual(42_000);
    expect(d.residents.length).toBeGreaterThanOrEqual(80_000);
    expect(d.residents.length).toBeLessThanOrEqual(100_000);
    expect(d.workers.map((w) => w.gridCode).sort()).toEqual(
      d.regions
        .filter((r) => r.level === 'grid')
        .map((r) => r.code)
        .sort(),
    );
  });

  it('issues valid, unique ID numbers that match birth date and sex', () => {
    const ids = new Set<string>();
    for (const r of d.residents) {
      expect(idNumberProblem(r.idNumber)).toBeNull();
      expect(idNumberFacts(r.idNumber)).toEqual({ birthDate: r.birthDate, sex: r.sex });
      ids.add(r.idNumber);
    }
    expect(ids.size).toBe(d.residents.length);
    expect(
      share(d.residents, (r) => r.category === 'registered' && r.idNumber.startsWith('120106')),
    ).toBeGreaterThan(0.6);
  });

  it('has realistic shares of floating people, rented houses and tags', () => {
    expect(share(d.residents, (r) => r.category === 'floating')).toBeCloseTo(0.2, 1);
    expect(Math.abs(share(d.houses, (h) => h.status === 'rented') - 0.1)).toBeLessThan(0.04);
    const rentedHouses = new Set(d.houses.filter((h) => h.status === 'rented').map((h) => h.localId));
    const floating = d.residents.filter((r) => r.category === 'floating');
    expect(share(floating, (r) => rentedHouses.has(r.houseLocalId))).toBeGreaterThan(0.4);
    const keyed = share(d.residents, (r) => r.keyTags.length > 0);
    expect(keyed).toBeGreaterThan(0.001);
    expect(keyed).toBeLessThan(0.006);
    expect(share(d.residents, (r) => r.careTags.includes('disabled'))).toBeCloseTo(0.015, 2);
    expect(d.residents.every((r) => r.phone === null || /^1[3-9][0-9]{9}$/.test(r.phone))).toBe(true);
    expect(d.residents.every((r) => r.phone === null || ageOn(r.birthDate, d.referenceDate) >= 12)).toBe(
      true,
    );
  });

  it('tags elderly_alone only for people 60+ who really live alone, and parents are older than children', () => {
    const byHouse = new Map<number, District['residents']>();
    for (const r of d.residents) byHouse.set(r.houseLocalId, [...(byHouse.get(r.houseLocalId) ?? []), r]);
    let alone = 0;
    for (const members of byHouse.values()) {
      for (const r of members.filter((m) => m.careTags.includes('elderly_alone'))) {
        alone++;
        expect(members).toHaveLength(1);
        expect(ageOn(r.birthDate, d.referenceDate)).toBeGreaterThanOrEqual(60);
      }
      const parents = members.filter((m) => m.relation === 'head' || m.relation === 'spouse');
      for (const c of members.filter((m) => m.relation === 'child')) {
        for (const p of parents) expect(p.birthDate < c.birthDate).toBe(true);
      }
    }
    expect(alone).toBeGreaterThan(500);
  });

  it('nests regions: buildings inside their grid and community, children areas add up to the parent', () => {
    const byCode = new Map(d.regions.map((r) => [r.code, r]));
    const area = (r: RegionRow) => turf.area(r.geom);
    for (const parent of d.regions.filter((r) => r.level !== 'grid')) {
      const kids = d.regions.filter((r) => r.parentCode === parent.code);
      expect(kids.length).toBeGreaterThan(0);
      const sum = kids.reduce((s, k) => s + area(k), 0);
      expect(Math.abs(sum - area(parent)) / area(parent)).toBeLessThan(0.001);
    }
    for (const b of d.buildings.filter((_, i) => i % 7 === 0)) {
      const grid = byCode.get(b.gridCode)!;
      expect(turf.booleanPointInPolygon(b.center, grid.geom)).toBe(true);
      expect(turf.booleanPointInPolygon(b.center, byCode.get(grid.parentCode!)!.geom)).toBe(true);
    }
  });

  it('has valid, non-overlapping footprints and east-west slab buildings', () => {
    const boxes = d.buildings.map((b) => turf.bbox(b.footprint));
    for (const b of d.buildings.filter((_, i) => i % 5 === 0))
      expect(turf.kinks(b.footprint).features).toHaveLength(0);
    const order = boxes.map((_, i) => i).sort((a, b) => boxes[a]![0] - boxes[b]![0]);
    for (let k = 0; k < order.length; k++) {
      const a = boxes[order[k]!]!;
      for (let m = k + 1; m < order.length && boxes[order[m]!]![0] < a[2]; m++) {
        const b = boxes[order[m]!]!;
        expect(b[1] < a[3] && a[1] < b[3]).toBe(false);
      }
    }
    const cosLat = Math.cos((39.17 * Math.PI) / 180);
    d.buildings.forEach((b, i) => {
      const [w, s, e, n] = boxes[i]!;
      if (b.form === 'slab') expect((e - w) * cosLat).toBeGreaterThan(n - s);
    });
  });
});
