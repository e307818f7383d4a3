import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  activationDisplayName,
  activationNames,
  getActivation,
  hasActivation,
  listActivations,
  resolveParamInit,
} from '../../src-main/engine/activations/index.ts';
import {
  EXTREME_POINTS,
  VALUE_POINTS,
  evaluate,
  initParams,
  shiftedParams,
  trainable,
  valueTolerance,
} from './activations-fixtures.ts';

const DESIGN_TABLE = [
  'relu', 'leaky_relu', 'tanh', 'sigmoid', 'sqrt', 'tsqrt', 'hardswish', 'thardswish', 'tleaky_relu',
  'gelu', 'tgelu', 'selu', 'tselu', 'swish', 'tswish', 'tanhexp', 'tsqrt_tanh',
];
const TWINS: Record<string, string> = {
  tsqrt: 'sqrt', thardswish: 'hardswish', tleaky_relu: 'leaky_relu', tgelu: 'gelu', tselu: 'selu', tswish: 'swish',
};
const ALL = activationNames();
const TRAINABLE = ALL.filter((name) => trainable(getActivation(name)));

describe('activation registry', () => {
  it('holds every activation of the design table under its lower-case key', () => {
    expect([...ALL].sort()).toEqual([...DESIGN_TABLE].sort());
  });

  it('describes every activation with a label, a plain-text formula and guarded parameters', () => {
    for (const info of listActivations()) {
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.formula).not.toMatch(/[\\$]/);
      expect(info.trainable).toBe(info.params.length > 0);
      for (const p of info.params) {
        expect(Number.isFinite(p.init)).toBe(true);
        expect(p.guard.length).toBeGreaterThan(0);
      }
    }
  });

  it('lists activations for the UI as plain data in a stable order', () => {
    const listed = listActivations();
    expect(listed.map((a) => a.name)).toEqual(ALL);
    expect(JSON.parse(JSON.stringify(listed))).toEqual(listed);
  });

  it('pairs each trainable activation with the fixed one it starts as', () => {
    const twins = Object.fromEntries(listActivations().filter((a) => a.fixedTwin !== null).map((a) => [a.name, a.fixedTwin]));
    expect(twins).toEqual(TWINS);
  });

  it('names the trainable parameters z, w and k as in the study', () => {
    const params = Object.fromEntries(TRAINABLE.map((name) => [name, getActivation(name).params.map((p) => p.name)]));
    expect(params).toEqual({
      tsqrt: ['z'], thardswish: ['z'], tleaky_relu: ['z'], tgelu: ['z', 'w'], tselu: ['z', 'w'], tswish: ['z'], tsqrt_tanh: ['k'],
    });
  });

  it('shows the study’s spelling of each name', () => {
    expect(activationDisplayName('tsqrt_tanh')).toBe('TSQRT_tanh');
    expect(activationDisplayName('leaky_relu')).toBe('LeakyReLU');
  });

  it('refuses an unknown activation and names the known ones', () => {
    expect(hasActivation('mish')).toBe(false);
    expect(() => getActivation('mish')).toThrow(/Unknown activation "mish".*tsqrt_tanh/);
  });

  it('finds an activation by the camelCase name a loaded model config carries', () => {
    expect(getActivation('tsqrtTanh').name).toBe('tsqrt_tanh');
    expect(getActivation('tleakyRelu').name).toBe('tleaky_relu');
  });

  it('merges initial-value overrides and refuses unknown or non-finite ones', () => {
    const def = getActivation('tgelu');
    expect(resolveParamInit(def, { w: 2 })).toEqual({ z: 0.5, w: 2 });
    expect(() => resolveParamInit(def, { k: 1 })).toThrow(/no parameter "k"/);
    expect(() => resolveParamInit(def, { z: Number.NaN })).toThrow(/finite/);
    expect(() => resolveParamInit(getActivation('relu'), { z: 1 })).toThrow(/parameters: none/);
  });
});

describe('activation values', () => {
  it.each(ALL)('%s matches its closed form at 29 points from −1000 to 1000, 0 and ±1e-12 included', (name) => {
    const def = getActivation(name);
    const sets = trainable(def) ? [initParams(def), shiftedParams(def)] : [{}];
    const points = [...new Set([...VALUE_POINTS, ...EXTREME_POINTS])];
    expect(points).toHaveLength(29);
    for (const params of sets) {
      const values = evaluate(def, points, params);
      points.forEach((x, i) => {
        const expected = def.reference(x, params);
        expect(Math.abs(values[i]! - expected), `${name}(${x}) with ${JSON.stringify(params)}`).toBeLessThanOrEqual(
          valueTolerance(x, expected),
        );
      });
    }
  });

  it.each(Object.entries(TWINS))('%s at its initial parameters equals %s to 1e-6', (name, twinName) => {
    const def = getActivation(name);
    const twin = getActivation(twinName);
    const points = [...VALUE_POINTS, ...EXTREME_POINTS];
    const values = evaluate(def, points, initParams(def));
    const twinValues = evaluate(twin, points, {});
    points.forEach((x, i) => {
      expect(Math.abs(values[i]! - twinValues[i]!), `${name}(${x})`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(twinValues[i]!)));
    });
  });

  it('starts TSQRT_tanh at k = ½, the square root inside TanhExp, and reaches TanhExp at k = 1', () => {
    const def = getActivation('tsqrt_tanh');
    expect(def.params[0]!.init).toBe(0.5);
    expect(def.reference(4, { k: 0.5 })).toBeCloseTo(4 * Math.tanh(Math.exp(2)), 12);
    const atOne = evaluate(def, VALUE_POINTS, { k: 1 });
    const tanhexp = evaluate(getActivation('tanhexp'), VALUE_POINTS, {});
    VALUE_POINTS.forEach((x, i) => expect(Math.abs(atOne[i]! - tanhexp[i]!), `x = ${x}`).toBeLessThanOrEqual(valueTolerance(x, tanhexp[i]!)));
  });

  it('uses the published TanhExp, x·tanh(eˣ), not the study’s misprinted x + tanh(eˣ)', () => {
    const [atMinusTen] = evaluate(getActivation('tanhexp'), [-10], {});
    expect(Math.abs(atMinusTen!)).toBeLessThan(1e-3);
  });

  it('leaves no tensors behind when applied inside tidy', () => {
    const before = tf.memory().numTensors;
    for (const name of ALL) evaluate(getActivation(name), VALUE_POINTS, initParams(getActivation(name)));
    expect(tf.memory().numTensors).toBe(before);
  });
});
