import { z } from 'zod';
import {
  CASE_PATHS,
  caseDetailSchema,
  caseListSchema,
  placeHitSchema,
  type ActionBody,
  type CaseDetail,
  type IntakeBody,
  type PlaceHit,
} from '../../../contracts/cases.ts';
import { api, getDisplayToken } from '../api/http.ts';
import { useCases } from './casesStore.ts';

/**
 * The markers' list: the newest cases of the jurisdiction (the server caps it; 2,000 markers are
 * few enough to cluster in the browser). Filters apply client-side so live events fit in.
 */
export async function loadCases(signal?: AbortSignal): Promise<void> {
  const list = await api(`${CASE_PATHS.list}?limit=2000`, caseListSchema, { signal });
  useCases.getState().replaceAll(list.cases, list.now);
}

/** One case with its history and the actions this caller may take; its list fields refresh the store. */
export async function fetchCase(id: number, signal?: AbortSignal): Promise<CaseDetail> {
  const detail = await api(CASE_PATHS.one(id), caseDetailSchema, { signal });
  useCases.getState().merge([detail], detail.now, []);
  return detail;
}

export async function actOnCase(id: number, body: ActionBody): Promise<CaseDetail> {
  const detail = await api(CASE_PATHS.actions(id), caseDetailSchema, { method: 'POST', body });
  useCases.getState().merge([detail], detail.now, []);
  return detail;
}

export async function intakeCase(body: IntakeBody): Promise<CaseDetail> {
  const detail = await api(CASE_PATHS.intake, caseDetailSchema, { method: 'POST', body });
  useCases.getState().merge([detail], detail.now, [detail.id]);
  return detail;
}

const placeHitsSchema = z.array(placeHitSchema);
export function searchPlaces(q: string, signal?: AbortSignal): Promise<PlaceHit[]> {
  return api(`${CASE_PATHS.places}?q=${encodeURIComponent(q)}&limit=8`, placeHitsSchema, { signal });
}

/**
 * A case photo as an object URL: fetched rather than put in <img src> so a wall display's bearer
 * token goes with it (browsers send cookies with images, not Authorization headers).
 */
export async function fetchPhotoUrl(sha256: string, signal?: AbortSignal): Promise<string> {
  const token = getDisplayToken();
  const res = await fetch(CASE_PATHS.photo(sha256), {
    credentials: 'same-origin',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal,
  });
  if (!res.ok) throw new Error(`${res.status}`);
  return URL.createObjectURL(await res.blob());
}
