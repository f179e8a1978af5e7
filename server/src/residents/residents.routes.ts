import { Router } from 'express';
import { searchQuerySchema } from '../../../contracts/residents.ts';
import type { Deps } from '../app.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { searchPeople } from './residents.service.ts';

export function residentsRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/residents/search', async (req, res) => {
    const { q, limit } = parse(searchQuerySchema, req.query);
    res.json(await searchPeople(db, q, limit, callerOf(req)));
  });
  return r;
}
