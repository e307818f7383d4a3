/**
 * The activation registry: every activation of DESIGN.md's table, fixed and
 * trainable, by lower-case key. One family file per activation family; adding
 * an activation costs one entry in its family's list (and a new family one
 * line in FAMILIES).
 */
// Side effect: tfjs-layers registers tfjs-core's gradient functions, which
// `apply` relies on; tfjs-core alone registers none.
import '@tensorflow/tfjs-layers';
import { classicFamily } from './classic-family.ts';
import { geluFamily } from './gelu-family.ts';
import { hardswishFamily } from './hardswish-family.ts';
import { reluFamily } from './relu-family.ts';
import { seluFamily } from './selu-family.ts';
import { sqrtFamily } from './sqrt-family.ts';
import { swishFamily } from './swish-family.ts';
import { tanhexpFamily } from './tanhexp-family.ts';
import type { ActivationDef, ActivationInfo } from './types.ts';

/** In the order of DESIGN.md's table, which is the order the UI lists them in. */
const FAMILIES: readonly (readonly ActivationDef[])[] = [
  reluFamily,
  classicFamily,
  sqrtFamily,
  hardswishFamily,
  geluFamily,
  seluFamily,
  swishFamily,
  tanhexpFamily,
];

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Parameter names become weight names and config keys; tfjs-layers snake/camel-cases
 *  config keys on save and load, so only names those conversions leave alone are allowed. */
const PARAM_PATTERN = /^[a-z][a-z0-9]*$/;

function buildRegistry(defs: readonly ActivationDef[]): ReadonlyMap<string, ActivationDef> {
  const map = new Map<string, ActivationDef>();
  for (const def of defs) {
    if (!NAME_PATTERN.test(def.name)) throw new Error(`Activation name "${def.name}" is not lower-case snake case.`);
    if (map.has(def.name)) throw new Error(`Activation "${def.name}" is registered twice.`);
    for (const p of def.params) {
      if (!PARAM_PATTERN.test(p.name)) throw new Error(`Parameter "${p.name}" of ${def.name} is not a plain lower-case name.`);
    }
    map.set(def.name, def);
  }
  for (const def of map.values()) {
    const twin = def.fixedTwin === undefined ? undefined : map.get(def.fixedTwin);
    if (def.fixedTwin !== undefined && (twin === undefined || twin.params.length > 0)) {
      throw new Error(`Activation "${def.name}" names "${def.fixedTwin}" as its fixed twin, which is not a fixed activation.`);
    }
  }
  return map;
}

const REGISTRY = buildRegistry(FAMILIES.flat());

/** Every trainable parameter name used by any activation (`z`, `w`, `k`). */
export const ACTIVATION_PARAM_NAMES: ReadonlySet<string> = new Set(
  [...REGISTRY.values()].flatMap((def) => def.params.map((p) => p.name)),
);

/**
 * Registry key for a name in any case style: tfjs-layers camel-cases string
 * values when it loads a model config (`tsqrt_tanh` comes back as `tsqrtTanh`).
 */
export function normaliseActivationName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** All registry keys, in display order. */
export function activationNames(): string[] {
  return [...REGISTRY.keys()];
}

export function hasActivation(name: string): boolean {
  return REGISTRY.has(normaliseActivationName(name));
}

/** The registry entry for `name` (any case style); throws, listing the known names, if unknown. */
export function getActivation(name: string): ActivationDef {
  const def = REGISTRY.get(normaliseActivationName(name));
  if (def === undefined) {
    throw new Error(`Unknown activation "${name}". Known: ${activationNames().join(', ')}.`);
  }
  return def;
}

/** Display label for a registry key (`tsqrt_tanh` → `TSQRT_tanh`); throws if unknown. */
export function activationDisplayName(name: string): string {
  return getActivation(name).label;
}

/** Everything the UI shows about each activation, in display order. */
export function listActivations(): ActivationInfo[] {
  return [...REGISTRY.values()].map((def) => ({
    name: def.name,
    label: def.label,
    formula: def.formula,
    trainable: def.params.length > 0,
    params: def.params.map((p) => ({ ...p })),
    fixedTwin: def.fixedTwin ?? null,
  }));
}

/**
 * Initial parameter values: each parameter's registry init, overridden by `init`.
 * Throws on an override for a parameter the activation does not have, or a non-finite one.
 */
export function resolveParamInit(def: ActivationDef, init?: Readonly<Record<string, number>>): Record<string, number> {
  const values: Record<string, number> = {};
  for (const p of def.params) values[p.name] = p.init;
  for (const [key, value] of Object.entries(init ?? {})) {
    if (!(key in values)) {
      const known = def.params.map((p) => p.name).join(', ') || 'none';
      throw new Error(`Activation "${def.name}" has no parameter "${key}" (parameters: ${known}).`);
    }
    if (!Number.isFinite(value)) throw new Error(`Initial value of ${def.name}.${key} must be finite, got ${value}.`);
    values[key] = value;
  }
  return values;
}
