import { userSchema } from '../../../contracts/auth.ts';
import {
  areaSchema,
  installationSchema,
  INSTALLATION_PATHS,
  type Area,
  type FirstAdmin,
} from '../../../contracts/installation.ts';
import { api } from '../api/http.ts';
import { useInstallation } from './installationStore.ts';

/** Public: first start? basemap source? Asked before the login. */
export async function loadInstallation(): Promise<void> {
  useInstallation.getState().setInfo(await api(INSTALLATION_PATHS.info, installationSchema));
}

export async function createFirstAdmin(body: FirstAdmin) {
  return api(INSTALLATION_PATHS.firstAdmin, userSchema, { method: 'POST', body });
}

export async function loadAreaInfo(): Promise<Area> {
  const area = await api(INSTALLATION_PATHS.area, areaSchema);
  useInstallation.getState().setArea(area);
  return area;
}
