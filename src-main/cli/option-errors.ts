/**
 * One line per invalid command-line option: the option, the value given and
 * what is allowed, read from the contract's own schema ("--lr 1000: must be
 * a number > 0 and ≤ 10"), instead of zod's multi-line JSON.
 */
import type { z } from 'zod';

/** Schema field (`learningRate`, or dotted `evaluation.seed`) → the option that sets it; '' for a schema parsed on its own. */
export type OptionFlags = Readonly<Record<string, string>>;

export class OptionError extends Error {
  override name = 'OptionError';
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: Array<{ _zod: { def: { check?: string; value?: number; inclusive?: boolean; format?: string } } }>;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** Through defaults, optionals and pipes to the schema that checks the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.out && defOf(def.out).type !== 'transform') current = def.out;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/** Whether `value` has every literal field of an object schema (a discriminated union's tag). */
function matchesLiterals(schema: z.ZodType, value: unknown): boolean {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object' || value === null || typeof value !== 'object') return true;
  return Object.entries(def.shape ?? {}).every(([key, field]) => {
    const fieldDef = defOf(field);
    return fieldDef.type !== 'literal' || (fieldDef.values ?? []).includes((value as Record<string, unknown>)[key]);
  });
}

/** The member `key` of an object, array or union (of a union: the option `value` matches that has it). */
function member(schema: z.ZodType, key: PropertyKey, value: unknown): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'object') return def.shape?.[String(key)];
  if (def.type === 'array') return def.element;
  if (def.type === 'union') {
    const options = def.options ?? [];
    const matching = options.filter((option) => matchesLiterals(option, value));
    return (matching.length ? matching : options).map((option) => member(option, key, value)).find((found) => found !== undefined);
  }
  return undefined;
}

/** The schema of the value at `path` of `input`, where the walk can follow it. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  let value = input;
  for (const key of path) {
    current = current && member(current, key, value);
    value = valueAt(value, [key]);
  }
  return current && unwrap(current);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}

/** What a schema allows, in words: "a whole number ≥ 1", "a number > 0 and ≤ 10", "one of quick | tiny". */
export function describeAllowed(schema: z.ZodType): string | null {
  const def = defOf(unwrap(schema));
  if (def.type === 'enum' && def.entries) return `one of ${Object.values(def.entries).join(' | ')}`;
  if (def.type === 'union' && def.options?.every((o) => defOf(o).type === 'literal')) {
    return `one of ${def.options.flatMap((o) => defOf(o).values ?? []).join(' | ')}`;
  }
  if (def.type !== 'number') return null;
  let whole = false;
  const bounds: string[] = [];
  for (const check of def.checks ?? []) {
    const { check: kind, value, inclusive, format } = check._zod.def;
    if (format === 'safeint' || format === 'int32' || format === 'uint32') whole = true;
    else if (kind === 'greater_than') bounds.push(`${inclusive ? '≥' : '>'} ${value}`);
    else if (kind === 'less_than') bounds.push(`${inclusive ? '≤' : '<'} ${value}`);
  }
  return `${whole ? 'a whole number' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
}

function formatValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The option that sets the field at `names`: the longest dotted suffix with a
 * flag (`evaluation.seed` before `seed`), else the nearest flagged parent
 * with the rest of the path after it (`--x num`), else the path itself.
 */
function optionFor(names: string[], flags: OptionFlags): string {
  if (names.length === 0) return flags[''] ?? 'value';
  for (let end = names.length; end >= 1; end--) {
    for (let start = 0; start < end; start++) {
      const flag = flags[names.slice(start, end).join('.')];
      if (flag) return [flag, ...names.slice(end)].join(' ');
    }
  }
  return names.join('.');
}

/** One line for one schema issue: the option (or the field's path), the value, what is allowed. */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown, flags: OptionFlags): string {
  const option = optionFor(
    issue.path.filter((key): key is string => typeof key === 'string'),
    flags,
  );
  const sub = schemaAt(schema, issue.path, input);
  const allowed = sub ? describeAllowed(sub) : null;
  return `${option} ${formatValue(valueAt(input, issue.path))}: ${allowed ? `must be ${allowed}` : issue.message}`;
}

/** Parses command-line input with a contract schema; an invalid value is an OptionError of one line per option. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, flags: OptionFlags): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = [...new Set(parsed.error.issues.map((issue) => describeIssue(issue, schema, input, flags)))];
  throw new OptionError(lines.join('\n'));
}
