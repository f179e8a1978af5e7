import { personName } from './names.ts';
import type { Rng } from './random.ts';
import type { WorkerRow } from './types.ts';

/** One grid worker (网格员) per grid cell. */
export function makeWorkers(rng: Rng, gridCodes: readonly string[], districtCode: string): WorkerRow[] {
  return gridCodes.map((gridCode, i) => {
    const sex = rng.chance(0.6) ? 'F' : 'M';
    return {
      employeeNo: `WG${districtCode}${String(i + 1).padStart(4, '0')}`,
      name: personName(rng, sex, rng.int(1975, 1998)),
      phone:
        rng.pick(['138', '139', '150', '151', '186', '187', '135']) +
        String(rng.int(0, 99_999_999)).padStart(8, '0'),
      gridCode,
    };
  });
}
