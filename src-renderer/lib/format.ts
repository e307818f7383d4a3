/**
 * Number formatting for people: losses, accuracies, durations, counts. Every
 * formatter says what a non-finite value is instead of printing "NaN" by
 * accident or hiding it behind a 0.
 */

const NON_FINITE_TEXT = { nan: 'NaN', inf: '∞', negInf: '−∞' } as const;

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return NON_FINITE_TEXT.nan;
  return value > 0 ? NON_FINITE_TEXT.inf : NON_FINITE_TEXT.negInf;
}

/** Typographic minus, so columns of signed numbers line up and read well. */
function withMinus(text: string): string {
  return text.replace(/^-/, '−');
}

/**
 * A value with `digits` significant digits, switching to exponent notation
 * when it is very large or very small (1.23e−5 rather than 0.0000123).
 */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return nonFinite(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e');
    return `${withMinus(trimZeros(mantissa))}e${withMinus(exponent.replace('+', ''))}`;
  }
  return withMinus(trimZeros(value.toPrecision(digits)));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A loss: four significant digits. */
export function formatLoss(value: number | null | undefined): string {
  return formatNumber(value, 4);
}

/** An accuracy given as a fraction in [0, 1], shown as a percentage with one decimal. */
export function formatAccuracy(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  if (!Number.isFinite(fraction)) return nonFinite(fraction);
  return `${(fraction * 100).toFixed(1)} %`;
}

/** A fraction in [0, 1] as a percentage with `decimals` decimals. */
export function formatPercent(fraction: number | null | undefined, decimals = 0): string {
  if (fraction === null || fraction === undefined) return '—';
  if (!Number.isFinite(fraction)) return nonFinite(fraction);
  return `${(fraction * 100).toFixed(decimals)} %`;
}

/** Seconds as "0.4 s", "42 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours === 0) return `${minutes} min ${String(secs).padStart(2, '0')} s`;
  return `${hours} h ${String(minutes).padStart(2, '0')} min`;
}

/** An ETA read-out: "about 3 min 05 s left", or an honest "estimating…" before there is one. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 1) return 'almost done';
  return `${formatDuration(seconds)} left`;
}

/** Integer counts with thin-space thousands separators ("4 812 346"), or compact ("4.8 M"). */
export function formatCount(value: number | null | undefined, compact = false): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return nonFinite(value);
  if (compact) {
    const magnitude = Math.abs(value);
    if (magnitude >= 1e9) return `${(value / 1e9).toFixed(1)} G`;
    if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)} M`;
    if (magnitude >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  }
  return withMinus(Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009'));
}

/** A plane coordinate (α or β) for axis ticks and read-outs: at most three decimals, no trailing zeros. */
export function formatCoordinate(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const rounded = Math.round(value * 1000) / 1000;
  return withMinus(String(Object.is(rounded, -0) ? 0 : rounded));
}

/** Bytes as "170.5 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The last part of a path, for labels ("runs/study.lab" → "study.lab"). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
