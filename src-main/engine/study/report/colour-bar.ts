/** The shared colour bar of a report's surfaces: log-spaced loss ticks under a viridis gradient. */
import { escapeXml, formatTick, niceTicks, r2, svgOpen, type LossScale } from './svg-kit.ts';

/** Loss values at powers of ten (and 2×, 5× when the range is narrow) inside the scale. */
function lossTicks(scale: LossScale): number[] {
  const decades = scale.hi - scale.lo;
  // Within a decade, round losses read better than powers of ten (there may be none inside).
  if (decades < 1) return niceTicks(10 ** scale.lo, 10 ** scale.hi, 5);
  const ticks: number[] = [];
  const multipliers = decades < 1.5 ? [1, 2, 5] : [1];
  for (let p = Math.floor(scale.lo); p <= Math.ceil(scale.hi); p++) {
    for (const m of multipliers) {
      const value = m * 10 ** p;
      const v = Math.log10(value);
      if (v >= scale.lo - 1e-9 && v <= scale.hi + 1e-9) ticks.push(value);
    }
  }
  return ticks;
}

export function colourBarSvg(scale: LossScale, id: string, width = 420): string {
  const height = 46;
  const left = 12;
  const bar = width - 2 * left;
  const stops = Array.from({ length: 11 }, (_, i) => `<stop offset="${i * 10}%" stop-color="${scale.colourAt(i / 10)}"/>`).join('');
  const ticks = lossTicks(scale)
    .map((value) => {
      const x = left + scale.position(value) * bar;
      return `<line x1="${r2(x)}" y1="20" x2="${r2(x)}" y2="25" stroke="#333"/><text x="${r2(x)}" y="36" text-anchor="middle">${escapeXml(formatTick(value))}</text>`;
    })
    .join('');
  return (
    svgOpen(width, height, 'Colour scale: training loss, log scale', 'colour-bar') +
    `<defs><linearGradient id="${id}" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>` +
    `<rect x="${left}" y="6" width="${bar}" height="14" fill="url(#${id})" stroke="#333" stroke-width="0.5"/>${ticks}` +
    `<text x="${width / 2}" y="${height - 1}" text-anchor="middle" font-style="italic">training loss (log scale; one scale for every surface)</text></svg>`
  );
}
