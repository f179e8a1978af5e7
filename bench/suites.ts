import type { BenchSuite } from './context.ts';
import { casesSuite } from './cases.bench.ts';
import { divisionsSuite } from './divisions.bench.ts';
import { evaluationSuite } from './evaluation.bench.ts';
import { heatSuite } from './heat.bench.ts';
import { peopleHousesSuite } from './peopleHouses.bench.ts';
import { positionsSuite } from './positions.bench.ts';
import { heatScreenSuite } from './heatScreen.bench.ts';
import { screenSuite } from './screen.bench.ts';
import { soakSuite } from './soak.bench.ts';
import { tilesSuite } from './tiles.bench.ts';

/** Every benchmark suite, in the order `npm run bench` runs them. */
export const SUITES: BenchSuite[] = [
  peopleHousesSuite,
  screenSuite,
  tilesSuite,
  divisionsSuite,
  casesSuite,
  heatSuite,
  heatScreenSuite,
  evaluationSuite,
  positionsSuite,
  soakSuite,
];
