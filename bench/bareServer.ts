/**
 * The floor for 以房找人 through HTTP on this machine: node:http and the same statement through the
 * same pool, nothing else (no Express, no login, no validation, no headers beyond the length).
 * Spawned by the people-houses suite in its own process, as the real server is, so the figure has
 * the same processes and wake-ups: load client → HTTP server → PostgreSQL backend and back.
 * Not a product path: it answers any building to anyone.
 */
import http from 'node:http';
import { selectBuildingResidentsJson } from '../server/src/buildings/buildings.sql.ts';
import { openPostgres } from '../server/src/db/postgres.ts';

const db = await openPostgres(process.env.DATABASE_URL!);
const server = http.createServer((req, res) => {
  const id = Number(/^\/buildings\/(\d+)\/residents$/.exec(req.url ?? '')?.[1]);
  selectBuildingResidentsJson(db, id, '', false).then(
    (body) => {
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' }).end(body ?? '{}');
    },
    () => res.writeHead(500).end(),
  );
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address() as { port: number };
  console.log(`bare server is running: http://127.0.0.1:${a.port}`);
});
process.on('SIGTERM', () => {
  server.close();
  void db.close().then(() => process.exit(0));
});
