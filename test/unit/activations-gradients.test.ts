import { describe, expect, it } from 'vitest';
import { activationNames, getActivation } from '../../src-main/engine/activations/index.ts';
import type { ActivationDef } from '../../src-main/engine/activations/index.ts';
import {
  EXTREME_PARAM_VALUES,
  EXTREME_POINTS,
  VALUE_POINTS,
  finiteDifference,
  gradientTolerance,
  initParams,
  pointGradients,
  shiftedParams,
  trainable,
} from './activations-fixtures.ts';

const ALL = activationNames();
const TRAINABLE = ALL.filter((name) => trainable(getActivation(name)));
const paramSets = (def: ActivationDef): Record<string, number>[] => (trainable(def) ? [initParams(def), shiftedParams(def)] : [{}]);

function expectAllFinite(values: readonly number[], what: string): void {
  const bad = values.map((v, i) => [i, v] as const).filter(([, v]) => !Number.isFinite(v));
  expect(bad, what).toEqual([]);
}

describe('activation input gradients', () => {
  it.each(ALL)('%s: the input gradient matches finite differences of the closed form wherever it is smooth', (name) => {
    const def = getActivation(name);
    for (const params of paramSets(def)) {
      const { dx } = pointGradients(def, VALUE_POINTS, params);
      let compared = 0;
      VALUE_POINTS.forEach((x, i) => {
        const expected = finiteDifference((v) => def.reference(v, params), x);
        if (expected === null) return;
        compared += 1;
        expect(Math.abs(dx[i]! - expected), `${name}'(${x}) with ${JSON.stringify(params)}`).toBeLessThanOrEqual(
          gradientTolerance(x, expected),
        );
      });
      // At most the kinks (0, ±3 or ±z) are skipped.
      expect(compared).toBeGreaterThanOrEqual(VALUE_POINTS.length - 3);
    }
  });

  it.each(ALL)('%s: the input gradient flows (it is not zero everywhere)', (name) => {
    const def = getActivation(name);
    const { dx } = pointGradients(def, VALUE_POINTS, initParams(def));
    expect(dx.some((g) => Math.abs(g) > 0.1)).toBe(true);
  });
});

describe('activation parameter gradients', () => {
  it.each(TRAINABLE)('%s: each parameter gradient matches finite differences of the closed form', (name) => {
    const def = getActivation(name);
    for (const params of paramSets(def)) {
      const { dparams } = pointGradients(def, VALUE_POINTS, params);
      for (const p of def.params) {
        let compared = 0;
        VALUE_POINTS.forEach((x, i) => {
          const expected = finiteDifference((v) => def.reference(x, { ...params, [p.name]: v }), params[p.name]!);
          if (expected === null) return;
          compared += 1;
          expect(Math.abs(dparams[p.name]![i]! - expected), `d${name}/d${p.name} at x = ${x}, ${JSON.stringify(params)}`).toBeLessThanOrEqual(
            gradientTolerance(x, expected),
          );
        });
        expect(compared).toBeGreaterThanOrEqual(VALUE_POINTS.length - 2);
        // The gradient reaches the parameter: not blocked by a guard at ordinary values.
        expect(dparams[p.name]!.some((g) => Math.abs(g) > 1e-3), `${name}.${p.name} gets a gradient`).toBe(true);
      }
    }
  });
});

describe('activation gradients stay finite', () => {
  it.each(ALL)('%s: value and gradients are finite at 0, ±1e-12, ±1, ±60 and ±1000', (name) => {
    const def = getActivation(name);
    const { value, dx, dparams } = pointGradients(def, EXTREME_POINTS, initParams(def));
    expectAllFinite(value, `${name} values`);
    expectAllFinite(dx, `${name} input gradients`);
    for (const [param, grads] of Object.entries(dparams)) expectAllFinite(grads, `${name} d/d${param}`);
  });

  it.each(TRAINABLE)('%s: gradients stay finite when a parameter reaches 1e-6, 0, −1 or 50', (name) => {
    const def = getActivation(name);
    const settings: Record<string, number>[] = [];
    for (const extreme of EXTREME_PARAM_VALUES) {
      for (const p of def.params) settings.push({ ...initParams(def), [p.name]: extreme });
      // All parameters at the extreme at once.
      settings.push(Object.fromEntries(def.params.map((p) => [p.name, extreme])));
    }
    for (const params of settings) {
      const { value, dx, dparams } = pointGradients(def, EXTREME_POINTS, params);
      const label = `${name} with ${JSON.stringify(params)}`;
      expectAllFinite(value, `${label}: values`);
      expectAllFinite(dx, `${label}: input gradients`);
      for (const [param, grads] of Object.entries(dparams)) expectAllFinite(grads, `${label}: d/d${param}`);
    }
  });

  it('gives SQRT and TSQRT a zero value and a finite slope at exactly 0, and a large finite slope just beside it', () => {
    for (const name of ['sqrt', 'tsqrt']) {
      const def = getActivation(name);
      const { value, dx } = pointGradients(def, [0, 1e-12, -1e-12], initParams(def));
      expect(value[0]).toBe(0);
      expect(dx[0]).toBe(0);
      expect(dx[1]!).toBeGreaterThan(1e4);
      expect(dx[2]!).toBeGreaterThan(1e4);
      expectAllFinite(dx, name);
    }
  });
});
