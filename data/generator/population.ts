import { makeIdNumber } from '../../contracts/idNumber.ts';
import { familyHousehold, tenantHousehold, type Member } from './households.ts';
import { personName } from './names.ts';
import type { Rng } from './random.ts';
import type { BuildingForm, CareTag, Category, HouseRow, HouseStatus, KeyTag, ResidentRow } from './types.ts';

/** What population.ts needs to know about a residential building. */
export interface HomeBuilding {
  localId: number;
  gridCode: string;
  form: BuildingForm;
  floors: number;
  entrances: number;
  perFloor: number;
}

/** Other Tianjin districts (registered residents whose ID was issued before moving here). */
const TIANJIN = ['120101', '120102', '120103', '120104', '120105', '120111', '120113'];
/** Home regions of the floating population, Hebei and Shandong first. */
const ORIGINS = [
  '130100',
  '130600',
  '131000',
  '130900',
  '370100',
  '371500',
  '410100',
  '340100',
  '510100',
  '220100',
  '230100',
  '150100',
  '140100',
  '320300',
];
const ORIGIN_WEIGHTS = [6, 5, 5, 4, 5, 3, 4, 3, 2, 2, 2, 2, 2, 2];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '158',
  '159',
  '176',
  '177',
  '180',
  '185',
  '186',
  '187',
  '188',
  '189',
  '199',
];
const KEY_TAGS: KeyTag[] = [
  'released_prisoner',
  'community_correction',
  'drug_user',
  'mental_illness',
  'petitioner',
];

const DAY_MS = 86_400_000;

/** Area of a dwelling by building form, m². */
function areaOf(rng: Rng, form: BuildingForm): number {
  const [lo, hi] = form === 'bungalow' ? [45, 62] : form === 'slab' ? [48, 98] : [75, 140];
  return Math.round(rng.float(lo, hi) * 10) / 10;
}

function statusOf(rng: Rng, form: BuildingForm): HouseStatus {
  const vacant = form === 'tower' ? 0.09 : form === 'bungalow' ? 0.07 : 0.05;
  return rng.weighted<HouseStatus>(['self_occupied', 'rented', 'vacant'], [1 - 0.1 - vacant, 0.1, vacant]);
}

export function makeHouses(rng: Rng, buildings: readonly HomeBuilding[]): HouseRow[] {
  const houses: HouseRow[] = [];
  for (const b of buildings) {
    for (let e = 1; e <= b.entrances; e++) {
      for (let f = 1; f <= b.floors; f++) {
        for (let n = 1; n <= b.perFloor; n++) {
          const room = String(f * 100 + n);
          houses.push({
            localId: houses.length + 1,
            buildingLocalId: b.localId,
            entrance: e,
            floor: f,
            room,
            status: statusOf(rng, b.form),
            areaM2: areaOf(rng, b.form),
          });
        }
      }
    }
  }
  return houses;
}

/** Issues unique ID numbers: random sequence of the right parity; a collision retries. */
class IdIssuer {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  issue(region: string, birthDate: string, sex: 'M' | 'F'): string {
    for (let i = 0; i < 50; i++) {
      const seq = this.rng.int(0, 499) * 2 + (sex === 'M' ? 1 : 0);
      const id = makeIdNumber(region, birthDate, seq);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
    throw new Error(`ID sequence space exhausted for ${region} ${birthDate}`);
  }
}

export interface PopulationContext {
  rng: Rng;
  districtCode: string;
  referenceDate: string;
}

/** Residents of all houses: households by house status, names, IDs, phones and tags. */
export function makeResidents(
  ctx: PopulationContext,
  houses: readonly HouseRow[],
  gridOf: (buildingLocalId: number) => string,
): ResidentRow[] {
  const { rng } = ctx;
  const ids = new IdIssuer(rng);
  const refMs = Date.parse(`${ctx.referenceDate}T00:00:00Z`);
  const out: ResidentRow[] = [];
  for (const h of houses) {
    if (h.status === 'vacant') continue;
    const rented = h.status === 'rented';
    const members = rented ? tenantHousehold(rng) : familyHousehold(rng);
    const floating = rented ? rng.chance(0.9) : rng.chance(0.13);
    const origin = floating
      ? rng.weighted(ORIGINS, ORIGIN_WEIGHTS)
      : rng.chance(0.85)
        ? ctx.districtCode
        : rng.pick(TIANJIN);
    const lowIncome = !floating && rng.chance(0.022);
    const gridCode = gridOf(h.buildingLocalId);
    const rows = members.map((m) => {
      const birthDate = birthDateOf(rng, refMs, m.age);
      const region = m.relation === 'tenant' && floating ? rng.weighted(ORIGINS, ORIGIN_WEIGHTS) : origin;
      return {
        localId: out.length + 1,
        houseLocalId: h.localId,
        gridCode,
        name: personName(rng, m.sex, Number(birthDate.slice(0, 4)), m.surname),
        idNumber: ids.issue(region, birthDate, m.sex),
        sex: m.sex,
        birthDate,
        phone: phoneOf(rng, m.age),
        relation: m.relation,
        category: categoryOf(rng, floating, m),
        keyTags: keyTagsOf(rng, m.age),
        careTags: careTagsOf(rng, m, members, lowIncome),
      } satisfies Omit<ResidentRow, 'localId'> & { localId: number };
    });
    for (const r of rows) {
      r.localId = out.length + 1;
      out.push(r);
    }
  }
  return out;
}

/** A birth date that gives exactly `age` full years on the reference day. */
function birthDateOf(rng: Rng, refMs: number, age: number): string {
  const ref = new Date(refMs);
  const latest = Date.UTC(ref.getUTCFullYear() - age, ref.getUTCMonth(), ref.getUTCDate());
  const earliest = Date.UTC(ref.getUTCFullYear() - age - 1, ref.getUTCMonth(), ref.getUTCDate()) + DAY_MS;
  const days = Math.round((latest - earliest) / DAY_MS);
  return new Date(earliest + rng.int(0, days) * DAY_MS).toISOString().slice(0, 10);
}

function phoneOf(rng: Rng, age: number): string | null {
  if (age < 12 || (age >= 80 && rng.chance(0.35))) return null;
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

function categoryOf(rng: Rng, floating: boolean, m: Member): Category {
  if (floating) return 'floating';
  if (m.age <= 3 && rng.chance(0.04)) return 'unsettled';
  if (m.relation === 'other' || m.relation === 'parent') return rng.chance(0.12) ? 'lodger' : 'registered';
  return rng.chance(0.004) ? 'unsettled' : 'registered';
}

/** Key populations (重点人群): rare, adults only. */
function keyTagsOf(rng: Rng, age: number): KeyTag[] {
  if (age < 18 || age > 75 || !rng.chance(0.0045)) return [];
  return [rng.weighted(KEY_TAGS, [25, 20, 12, 28, 15])];
}

/** Care tags derived from the household: who lives alone, who lives only with an elderly spouse. */
function careTagsOf(rng: Rng, m: Member, household: readonly Member[], lowIncome: boolean): CareTag[] {
  const tags: CareTag[] = [];
  const allElderly = household.every((x) => x.age >= 60);
  if (household.length === 1 && m.age >= 60) tags.push('elderly_alone');
  else if (allElderly && household.length > 1) tags.push('empty_nest');
  if (rng.chance(m.age >= 60 ? 0.03 : 0.009)) tags.push('disabled');
  if (m.leftBehind && m.age < 16) tags.push('left_behind_child');
  if (lowIncome) tags.push('low_income');
  return tags;
}
