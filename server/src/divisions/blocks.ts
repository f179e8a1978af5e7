/**
 * Road blocks joined until each holds enough households for a cell: a block under `minShare` of a
 * cell's households (a park, a short row of houses between two lanes) joins the neighbour it shares
 * the longest border with among the smallest, until none is left that small (or one group remains).
 * Cells are then cut inside each group, so they follow the roads between groups.
 */
export function groupBlocks(
  blocks: readonly number[],
  households: ReadonlyMap<number, number>,
  borders: readonly { a: number; b: number; m: number }[],
  target: number,
  minShare = 0.6,
): number[][] {
  const group = new Map<number, number>(blocks.map((b) => [b, b]));
  const members = new Map<number, number[]>(blocks.map((b) => [b, [b]]));
  const size = new Map<number, number>(blocks.map((b) => [b, households.get(b) ?? 0]));
  const find = (b: number) => group.get(b)!;
  for (;;) {
    const small = [...members.keys()]
      .filter((g) => size.get(g)! < minShare * target)
      .sort((x, y) => size.get(x)! - size.get(y)! || x - y);
    if (small.length === 0 || members.size <= 1) break;
    const g = small[0]!;
    // neighbouring groups and the border length shared with each
    const shared = new Map<number, number>();
    for (const { a, b, m } of borders) {
      const [ga, gb] = [find(a), find(b)];
      if (ga === gb) continue;
      if (ga === g) shared.set(gb, (shared.get(gb) ?? 0) + m);
      else if (gb === g) shared.set(ga, (shared.get(ga) ?? 0) + m);
    }
    const candidates = [...(shared.size ? shared.keys() : members.keys())].filter((x) => x !== g);
    if (candidates.length === 0) break;
    // the smallest neighbour (keeps groups even); ties by the longer shared border
    candidates.sort(
      (x, y) => size.get(x)! - size.get(y)! || (shared.get(y) ?? 0) - (shared.get(x) ?? 0) || x - y,
    );
    const into = candidates[0]!;
    for (const b of members.get(g)!) group.set(b, into);
    members.get(into)!.push(...members.get(g)!);
    size.set(into, size.get(into)! + size.get(g)!);
    members.delete(g);
    size.delete(g);
  }
  return [...members.values()].map((m) => m.sort((a, b) => a - b));
}
