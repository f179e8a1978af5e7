import { pickSurname } from './names.ts';
import type { Rng } from './random.ts';
import type { Relation } from './types.ts';

/** One planned household member; names, ID numbers and tags are added by population.ts. */
export interface Member {
  relation: Relation;
  sex: 'M' | 'F';
  age: number;
  surname: string;
  /** Lives with grandparents while the parents work elsewhere (留守儿童). */
  leftBehind?: boolean;
}

type Kind =
  | 'single'
  | 'couple'
  | 'one_child'
  | 'two_children'
  | 'three_gen'
  | 'elder_three_gen'
  | 'adult_child'
  | 'elderly_couple'
  | 'elderly_alone'
  | 'single_parent'
  | 'grandparents';

const KINDS: Kind[] = [
  'single',
  'couple',
  'one_child',
  'two_children',
  'three_gen',
  'elder_three_gen',
  'adult_child',
  'elderly_couple',
  'elderly_alone',
  'single_parent',
  'grandparents',
];
const WEIGHTS = [8, 8, 26, 7, 9, 4, 8, 14, 8, 5, 3];

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));

/** A married couple of similar age: the husband is usually 0–5 years older. */
function couple(rng: Rng, wifeAge: number, headIsHusband = rng.chance(0.82)): Member[] {
  const husbandAge = clamp(wifeAge + rng.normal(2, 2.5), 20, 100);
  const husband: Member = {
    relation: headIsHusband ? 'head' : 'spouse',
    sex: 'M',
    age: husbandAge,
    surname: pickSurname(rng),
  };
  const wife: Member = {
    relation: headIsHusband ? 'spouse' : 'head',
    sex: 'F',
    age: clamp(wifeAge, 20, 100),
    surname: pickSurname(rng),
  };
  return headIsHusband ? [husband, wife] : [wife, husband];
}

/** A child of a couple: born when the mother was 21–38, shares the father's surname mostly. */
function child(rng: Rng, father: Member, mother: Member, relation: Relation = 'child'): Member {
  const age = clamp(mother.age - rng.int(21, 38), 0, mother.age - 18);
  const surname = rng.chance(0.95) ? father.surname : mother.surname;
  return { relation, sex: rng.chance(0.515) ? 'M' : 'F', age, surname };
}

function parentsOf(rng: Rng, person: Member, both: boolean, relation: Relation = 'parent'): Member[] {
  const motherAge = clamp(person.age + rng.int(23, 34), 45, 98);
  const father: Member = {
    relation,
    sex: 'M',
    age: clamp(motherAge + rng.normal(2, 2), 45, 100),
    surname: person.surname,
  };
  const mother: Member = { relation, sex: 'F', age: motherAge, surname: pickSurname(rng) };
  if (both) return [father, mother];
  return [rng.chance(0.35) ? father : mother];
}

const husbandOf = (c: Member[]) => c.find((m) => m.sex === 'M')!;
const wifeOf = (c: Member[]) => c.find((m) => m.sex === 'F')!;

/** A household living in a self-occupied house (a family, a couple, a single, an elderly couple…). */
export function familyHousehold(rng: Rng): Member[] {
  const kind = rng.weighted(KINDS, WEIGHTS);
  switch (kind) {
    case 'single': {
      const sex = rng.chance(0.55) ? 'M' : 'F';
      return [{ relation: 'head', sex, age: rng.int(22, 58), surname: pickSurname(rng) }];
    }
    case 'couple':
      return couple(rng, rng.int(23, 40));
    case 'one_child':
    case 'two_children': {
      const c = couple(rng, rng.int(25, 52));
      const kids =
        kind === 'one_child'
          ? [child(rng, husbandOf(c), wifeOf(c))]
          : [child(rng, husbandOf(c), wifeOf(c)), child(rng, husbandOf(c), wifeOf(c))];
      return [...c, ...kids.map((k) => ({ ...k, age: Math.min(k.age, 17 + rng.int(0, 8)) }))];
    }
    case 'three_gen': {
      const c = couple(rng, rng.int(28, 48));
      const head = c[0]!;
      return [...c, child(rng, husbandOf(c), wifeOf(c)), ...parentsOf(rng, head, rng.chance(0.5))];
    }
    case 'elder_three_gen': {
      const elders = couple(rng, rng.int(55, 72), true);
      const son = { ...child(rng, husbandOf(elders), wifeOf(elders)), sex: 'M' as const };
      son.age = Math.max(son.age, 26);
      const daughterInLaw: Member = {
        relation: 'other',
        sex: 'F',
        age: clamp(son.age - rng.normal(2, 2), 22, 90),
        surname: pickSurname(rng),
      };
      const grandchild = child(rng, son, daughterInLaw, 'grandchild');
      return [...elders, son, daughterInLaw, grandchild];
    }
    case 'adult_child': {
      const c = couple(rng, rng.int(45, 60));
      const k = child(rng, husbandOf(c), wifeOf(c));
      return [...c, { ...k, age: Math.max(18, k.age) }];
    }
    case 'elderly_couple':
      return couple(rng, rng.int(60, 84));
    case 'elderly_alone': {
      const sex = rng.chance(0.68) ? 'F' : 'M';
      return [{ relation: 'head', sex, age: rng.int(60, 93), surname: pickSurname(rng) }];
    }
    case 'single_parent': {
      const p: Member = {
        relation: 'head',
        sex: rng.chance(0.7) ? 'F' : 'M',
        age: rng.int(28, 52),
        surname: pickSurname(rng),
      };
      const other: Member = { ...p, sex: p.sex === 'M' ? 'F' : 'M', surname: pickSurname(rng) };
      const k = child(rng, p.sex === 'M' ? p : other, p.sex === 'F' ? p : other);
      return [p, { ...k, age: Math.min(k.age, 17) }];
    }
    case 'grandparents': {
      const elders = couple(rng, rng.int(56, 72), true);
      const surname = husbandOf(elders).surname;
      const g: Member = {
        relation: 'grandchild',
        sex: rng.chance(0.52) ? 'M' : 'F',
        age: rng.int(3, 15),
        surname,
        leftBehind: true,
      };
      return [...elders, g];
    }
  }
}

/** People renting a house: a migrant family, or unrelated young tenants sharing (合租). */
export function tenantHousehold(rng: Rng): Member[] {
  if (rng.chance(0.5)) {
    const c = couple(rng, rng.int(22, 45));
    const kids = rng.chance(0.55) ? [child(rng, husbandOf(c), wifeOf(c))] : [];
    return [...c, ...kids.map((k) => ({ ...k, age: Math.min(k.age, 16) }))];
  }
  const n = rng.weighted([1, 2, 3, 4], [3, 4, 2, 1]);
  return Array.from({ length: n }, () => ({
    relation: 'tenant' as const,
    sex: rng.chance(0.58) ? ('M' as const) : ('F' as const),
    age: rng.int(19, 45),
    surname: pickSurname(rng),
  }));
}
