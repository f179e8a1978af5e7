import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone, maskRoom } from '../../server/src/residents/masking.ts';
import { maskIdNumberSql, maskPhoneSql, maskRoomSql } from '../../server/src/residents/masking.sql.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

const CASES: [id: string, phone: string | null, room: string, floor: number][] = [
  ['12010619800315013X', '13812345678', '1502', 15],
  ['410102199511110571', '02287654321', '101', 1],
  ['120106194501200462', '87654321', 'A3', 2],
  ['120106201209010359', '1234', 'B01', -1],
  ['120106197005050681', null, '1', 1],
];

describe.each(testEngines())('masks in SQL equal the masks in code, on $name', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await engine.open();
  });
  afterAll(async () => t?.cleanup());

  it('gives the same strings for ID numbers, phones and rooms', async () => {
    const { rows } = await t.db.query<{ id: string; phone: string | null; room: string }>(
      `SELECT ${maskIdNumberSql('c.id')} AS id, ${maskPhoneSql('c.phone')} AS phone,
              ${maskRoomSql('c.room', 'c.floor')} AS room
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS c(id, phone, room, floor, n)
       ORDER BY c.n`,
      [CASES.map((c) => c[0]), CASES.map((c) => c[1]), CASES.map((c) => c[2]), CASES.map((c) => c[3])],
    );
    expect(rows).toEqual(
      CASES.map(([id, phone, room, floor]) => ({
        id: maskIdNumber(id),
        phone: phone === null ? null : maskPhone(phone),
        room: maskRoom(room, floor),
      })),
    );
  });
});
