import { regionRoom } from '../../../contracts/events.ts';

/** Rooms that hear about a region: its own and its ancestors' (district 6, street 9, community 12 digits). */
export function roomsFor(code: string): string[] {
  const rooms = [regionRoom('')];
  for (let n = 6; n <= code.length; n += 3) rooms.push(regionRoom(code.slice(0, n)));
  return rooms;
}
