import { z } from 'zod';
import {
  DIVISION_PATHS,
  divisionSchema,
  divisionSummarySchema,
  type Division,
} from '../../../contracts/divisions.ts';
import { api } from '../api/http.ts';

export const proposeDivision = (region: string, households: number): Promise<Division> =>
  api(DIVISION_PATHS.list, divisionSchema, { method: 'POST', body: { region, households } });

export const listDivisions = (region: string) =>
  api(
    `${DIVISION_PATHS.list}?region=${encodeURIComponent(region)}`,
    z.object({ divisions: z.array(divisionSummarySchema) }),
  );

export const getDivision = (id: number) => api(DIVISION_PATHS.one(id), divisionSchema);

export const commitDivision = (id: number) =>
  api(DIVISION_PATHS.commit(id), divisionSchema, { method: 'POST' });

export const discardDivision = (id: number) => api(DIVISION_PATHS.one(id), z.unknown(), { method: 'DELETE' });
