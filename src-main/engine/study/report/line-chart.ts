/**
 * A training-curve chart as inline SVG: one line per configuration (the mean
 * over seeds) inside a band of ± one standard deviation, with axes, ticks
 * and a legend.
 */
import { escapeXml, formatTick, niceTicks, r2, svgOpen } from './svg-kit.ts';

export interface CurveSeries {
  label: string;
  colour: string;
  /** Epochs (x values). */
  x: number[];
  mean: number[];
  /** Standard deviation at each x (0 for one seed). */
  sd: number[];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: CurveSeries[];
  width?: number;
  height?: number;
  /** Fixed y range; default: the data's, bands included. */
  yDomain?: [number, number];
}

export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 340;
  const height = options.height ?? 230;
  const legendRows = Math.ceil(options.series.length / 2);
  const margin = { left: 46, right: 10, top: 22, bottom: 34 + 13 * legendRows };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const xs = options.series.flatMap((s) => s.x);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const lows = options.series.flatMap((s) => s.mean.map((m, i) => m - (s.sd[i] || 0)));
  const highs = options.series.flatMap((s) => s.mean.map((m, i) => m + (s.sd[i] || 0)));
  const finite = (values: number[]) => values.filter(Number.isFinite);
  let [yMin, yMax] = options.yDomain ?? [Math.min(...finite(lows)), Math.max(...finite(highs))];
  if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) [yMin, yMax] = [0, 1];
  if (yMax - yMin < 1e-9) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
  const pad = options.yDomain ? 0 : 0.04 * (yMax - yMin);
  yMin -= pad;
  yMax += pad;
  const sx = (x: number): number => margin.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW);
  const sy = (y: number): number => margin.top + plotH - ((Math.min(yMax, Math.max(yMin, y)) - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [svgOpen(width, height, `${options.title}: ${options.yLabel} against ${options.xLabel}`)];
  parts.push(`<text x="${r2(margin.left)}" y="13" font-weight="bold" font-size="11">${escapeXml(options.title)}</text>`);
  for (const tick of niceTicks(yMin, yMax, 5)) {
    const y = sy(tick);
    parts.push(`<line x1="${margin.left}" x2="${r2(margin.left + plotW)}" y1="${r2(y)}" y2="${r2(y)}" stroke="#e3e3e3" stroke-width="0.7"/>`);
    parts.push(`<text x="${margin.left - 4}" y="${r2(y + 3)}" text-anchor="end">${escapeXml(formatTick(tick))}</text>`);
  }
  const xTicks = xMax - xMin <= 12 ? Array.from({ length: xMax - xMin + 1 }, (_, i) => xMin + i) : niceTicks(xMin, xMax, 6);
  for (const tick of xTicks) {
    const x = sx(tick);
    parts.push(`<line x1="${r2(x)}" x2="${r2(x)}" y1="${r2(margin.top + plotH)}" y2="${r2(margin.top + plotH + 3)}" stroke="#444"/>`);
    parts.push(`<text x="${r2(x)}" y="${r2(margin.top + plotH + 13)}" text-anchor="middle">${escapeXml(formatTick(tick))}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${r2(plotW)}" height="${r2(plotH)}" fill="none" stroke="#444" stroke-width="0.8"/>`);
  parts.push(`<text x="${r2(margin.left + plotW / 2)}" y="${r2(margin.top + plotH + 25)}" text-anchor="middle" font-style="italic">${escapeXml(options.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(11 ${r2(margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle" font-style="italic">${escapeXml(options.yLabel)}</text>`,
  );

  for (const s of options.series) {
    const points = s.x.map((x, i) => ({ x, m: s.mean[i], d: s.sd[i] || 0 })).filter((p) => Number.isFinite(p.m));
    if (points.length === 0) continue;
    if (points.some((p) => p.d > 0)) {
      const upper = points.map((p) => `${r2(sx(p.x))},${r2(sy(p.m + p.d))}`);
      const lower = points.map((p) => `${r2(sx(p.x))},${r2(sy(p.m - p.d))}`).reverse();
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.colour}" fill-opacity="0.16" stroke="none"/>`);
    }
    parts.push(`<polyline points="${points.map((p) => `${r2(sx(p.x))},${r2(sy(p.m))}`).join(' ')}" fill="none" stroke="${s.colour}" stroke-width="1.6"/>`);
    for (const p of points) parts.push(`<circle cx="${r2(sx(p.x))}" cy="${r2(sy(p.m))}" r="1.9" fill="${s.colour}"/>`);
  }

  options.series.forEach((s, i) => {
    const x = margin.left + (i % 2) * (plotW / 2);
    const y = margin.top + plotH + 38 + 13 * Math.floor(i / 2);
    parts.push(`<line x1="${r2(x)}" x2="${r2(x + 14)}" y1="${r2(y - 3)}" y2="${r2(y - 3)}" stroke="${s.colour}" stroke-width="2"/>`);
    parts.push(`<text x="${r2(x + 18)}" y="${r2(y)}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
