/**
 * Which means over direction seeds differ by more than their noise, in the
 * Compare table: a cell of a run with several planes is marked (★) only when
 * its mean is better than every other run's by more than
 * t = 2·√(s_A²/n_A + s_B²/n_B) — the rule the study reports use
 * (contract/noise-rule.ts). Its tooltip says each comparison.
 */
import { compareSpreads, type SeedComparison } from '../../src-main/contract/noise-rule.ts';
import { formatNumber } from './format.ts';
import { cellSpread, cellValue, formatStd, type MetricColumn, type MetricsRow } from './metrics-table.ts';

/** The footnote under a table with ± in it (the rule, stated where it is applied); null when no row has several planes. */
export function noiseRuleNote(rows: readonly MetricsRow[]): string | null {
  const counts = [...new Set(rows.flatMap((r) => (r.planes ? [r.planes.seeds.length] : [])))].sort((a, b) => a - b);
  if (counts.length === 0) return null;
  return `± is the standard deviation over ${counts.join(' or ')} random planes; a difference is marked ★ only when |Δ| > 2·√(s_A²/n_A + s_B²/n_B), the rule the study reports use.`;
}

export interface CellJudgement {
  /** Better than every other run by more than the noise. */
  significant: boolean;
  /** One line per other run: the difference, the threshold and the verdict. */
  title: string;
}

function verdict(c: SeedComparison, n: number): string {
  if (!Number.isFinite(c.threshold)) return n < 2 ? 'not comparable (one plane)' : 'not comparable';
  return c.significant ? 'significant' : 'within noise';
}

const signed = (v: number): string => (v > 0 ? `+${formatNumber(v, 3)}` : formatNumber(v, 3));

/** For each row with a spread in this column: whether it is marked, and why. */
export function judgeColumn(rows: readonly MetricsRow[], column: MetricColumn): Map<string, CellJudgement> {
  const out = new Map<string, CellJudgement>();
  for (const row of rows) {
    const mine = cellSpread(row, column);
    if (!mine) continue;
    const lines = [`${column.format(mine.mean)} ${formatStd(column, mine.std)} over ${mine.n} planes`];
    let better = column.better !== null;
    let compared = 0;
    for (const other of rows) {
      if (other === row) continue;
      const value = cellValue(other, column);
      if (value === null || !Number.isFinite(value)) continue;
      const theirs = cellSpread(other, column) ?? { mean: value, std: 0, n: 1 };
      const c = compareSpreads(mine, theirs);
      compared++;
      lines.push(`vs ${other.label}: Δ = ${signed(c.difference)}, t = ${Number.isFinite(c.threshold) ? formatNumber(c.threshold, 3) : 'unknown'} → ${verdict(c, theirs.n)}`);
      const wins = column.better === 'lower' ? c.difference < 0 : c.difference > 0;
      if (!c.significant || !wins) better = false;
    }
    out.set(row.surfaceId, { significant: better && compared > 0, title: lines.join('\n') });
  }
  return out;
}
