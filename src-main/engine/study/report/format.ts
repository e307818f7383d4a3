/** Number formatting shared by the HTML and Markdown reports. */
import type { MetricInfo } from '../study-metrics.ts';
import type { Summary } from '../verdict-rule.ts';

/** A number with `digits` decimals (counts with thousands separators); '–' when not finite. */
export function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : String(value);
  if (digits === 0) return Math.round(value).toLocaleString('en');
  const magnitude = Math.abs(value);
  // Small surface metrics keep their significant digits instead of printing as zero.
  if (magnitude !== 0 && magnitude < 10 ** -digits) return value.toPrecision(2);
  return value.toFixed(digits);
}

/** `mean ± sd` over seeds (just the mean for one value). */
export function formatSummary(summary: Summary, info: Pick<MetricInfo, 'digits'>): string {
  if (summary.n === 0) return '–';
  const mean = formatNumber(summary.mean, info.digits);
  return summary.n > 1 && !Number.isNaN(summary.sd) ? `${mean} ± ${formatNumber(summary.sd, info.digits)}` : mean;
}

/** A signed difference: `+1.23`. */
export function formatSigned(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${value >= 0 ? '+' : '−'}${formatNumber(Math.abs(value), digits)}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - 60 * minutes);
  return minutes < 60 ? `${minutes} min ${String(rest).padStart(2, '0')} s` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Learning rates as the study writes them: 5e-4, 1e-3. */
export function formatRate(value: number): string {
  const exponent = Math.floor(Math.log10(value));
  const mantissa = value / 10 ** exponent;
  return Math.abs(mantissa - Math.round(mantissa)) < 1e-9 ? `${Math.round(mantissa)}e${exponent}` : value.toExponential(1);
}
