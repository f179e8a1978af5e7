/** A row's score over the months before (null: nothing to score that month), as a small SVG line. */
export function Sparkline({
  values,
  width = 64,
  height = 18,
}: {
  values: (number | null)[];
  width?: number;
  height?: number;
}) {
  const pts = values
    .map((v, i) =>
      v === null ? null : [(i / Math.max(1, values.length - 1)) * width, height - (v / 100) * height],
    )
    .filter((p): p is number[] => p !== null);
  if (pts.length < 2) return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const last = values.at(-1);
  const prev = values.at(-2);
  const rising = last !== null && last !== undefined && prev !== null && prev !== undefined && last >= prev;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      <polyline
        points={pts.map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`).join(' ')}
        fill="none"
        stroke={rising ? '#3ddc97' : '#ff5c6c'}
        strokeWidth="1.5"
      />
    </svg>
  );
}
