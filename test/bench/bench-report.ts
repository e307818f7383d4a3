/**
 * Timing and printing shared by the bench sections: medians of repeated
 * runs, plain-text tables, and the goal verdicts of the final summary.
 */

export interface TimingOptions {
  /** Untimed runs first (XNNPACK builds operators, the JIT warms up). */
  warmup?: number;
  minRuns?: number;
  maxRuns?: number;
  /** Stop adding runs (after minRuns) once this much time has passed. */
  budgetMs?: number;
}

export interface Timing {
  medianMs: number;
  /** Fastest run: the better guide when other processes share the cores. */
  bestMs: number;
  runs: number;
}

/** Median and best of repeated synchronous runs of `run`, in ms. */
export function timeRuns(run: () => void, options: TimingOptions = {}): Timing {
  const { warmup = 1, minRuns = 3, maxRuns = 15, budgetMs = 3000 } = options;
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < maxRuns && (times.length < minRuns || performance.now() < deadline)) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return summarise(times);
}

/** Median and best of already measured durations (ms). */
export function summarise(times: readonly number[]): Timing {
  if (!times.length) throw new Error('No timed runs to summarise.');
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], bestMs: sorted[0], runs: sorted.length };
}

/** Pads every column to its widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (cell ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function fixed(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

export function ms(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${fixed(value, digits)} ms`;
}

export function seconds(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${fixed(value, digits)} s`;
}

export function section(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(3, 74 - title.length))}`);
}

/** One line of the final summary: a measured ratio and the goal it is held to (if any). */
export interface SummaryRow {
  backend: string;
  measure: string;
  value: number | null;
  /** e.g. `≤ 4`; null for a number shown for context only. */
  goal: { op: '<=' | '>='; target: number } | null;
  unit?: string;
  note?: string;
}

export function verdict(row: SummaryRow): string {
  if (!row.goal) return 'info';
  if (row.value === null || !Number.isFinite(row.value)) return 'n/a';
  const ok = row.goal.op === '<=' ? row.value <= row.goal.target : row.value >= row.goal.target;
  return ok ? 'PASS' : 'MISS';
}

export function formatSummary(rows: readonly SummaryRow[]): string {
  return formatTable(
    ['backend', 'measure', 'value', 'goal', 'verdict', 'note'],
    rows.map((r) => [
      r.backend,
      r.measure,
      r.value === null ? '—' : `${fixed(r.value, r.value >= 100 ? 0 : 2)}${r.unit ?? ''}`,
      r.goal ? `${r.goal.op === '<=' ? '≤' : '≥'} ${r.goal.target}${r.unit ?? ''}` : '—',
      verdict(r),
      r.note ?? '',
    ]),
  );
}
