import { memo } from 'react';

/** Viewer counts as a small SVG line; a flat line while there is nothing to show. */
export const Sparkline = memo(function Sparkline(props: { values: readonly number[] }) {
  const { values } = props;
  const width = 100;
  const height = 30;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points =
    values.length > 0
      ? values.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`)
      : [`0,${height - 1}`, `${width},${height - 1}`];
  if (points.length === 1) points.push(`${width},${points[0]!.split(',')[1]}`);
  const area = `M0,${height} L${points.join(' L')} L${points.at(-1)!.split(',')[0]},${height} Z`;
  return (
    <svg
      className="spark"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`viewers, last ${values.length} readings`}
    >
      <path d={area} />
      <polyline points={points.join(' ')} />
    </svg>
  );
});
