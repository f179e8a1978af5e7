/**
 * The masks of masking.ts as SQL expressions, for queries that build their JSON answer in the
 * database (以房找人), so unmasked values never reach the server process for a list.
 * test/server/maskingSql.test.ts checks that both give the same strings.
 */

/** 120106********123X (id_number is always 18 characters: a CHECK constraint). */
export const maskIdNumberSql = (col: string) => `left(${col}, 6) || '********' || right(${col}, 4)`;

/** 138****1234; other lengths keep their last four digits. */
export const maskPhoneSql = (col: string) =>
  `CASE WHEN ${col} IS NULL THEN NULL
        WHEN length(${col}) = 11 THEN left(${col}, 3) || '****' || right(${col}, 4)
        WHEN length(${col}) <= 4 THEN repeat('*', length(${col}))
        ELSE repeat('*', length(${col}) - 4) || right(${col}, 4) END`;

/** '1502' on floor 15 → '15**'; a room not starting with its floor number is masked whole. */
export const maskRoomSql = (room: string, floor: string) =>
  `CASE WHEN ${floor} > 0 AND length(${room}) > length(${floor}::text) AND left(${room}, length(${floor}::text)) = ${floor}::text
        THEN ${floor}::text || repeat('*', length(${room}) - length(${floor}::text))
        ELSE repeat('*', length(${room})) END`;
