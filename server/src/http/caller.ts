import type { Request } from 'express';
import { jurisdictionSchema } from '../../../contracts/regions.ts';
import { parse } from './validate.ts';

/**
 * Who is asking and what they may see. Every query takes the caller's jurisdiction (a region code
 * prefix) as a SQL parameter. Until logins bind it (accounts issue), the jurisdiction comes from
 * the X-Jurisdiction header and personal data stays masked for everyone.
 */
export interface Caller {
  jurisdiction: string;
  canViewPersonal: boolean;
  canViewKeyPopulation: boolean;
}

export function callerOf(req: Request): Caller {
  const raw = req.get('x-jurisdiction') ?? '';
  const jurisdiction = parse(jurisdictionSchema, raw, 'X-Jurisdiction');
  return { jurisdiction, canViewPersonal: false, canViewKeyPopulation: false };
}
