/**
 * TanhExp (Liu & Di, 2020) and the study's TSQRT_tanh.
 *
 * The study prints TanhExp as x + tanh(eˣ); the published function, used here,
 * is x·tanh(eˣ). TSQRT_tanh replaces the inner x by the signed power
 * s(x) = sign(x)·|x|^k: x·tanh(e^s(x)).
 *
 * k's initial value is ½, mirroring TSQRT's z = ½: the network starts from the
 * square root inside TanhExp, the "SQRT smoothed by tanh" the study names, and
 * k = 1 would be TanhExp itself (pass init { k: 1 } to start there). Unlike TSQRT,
 * ½ is a safe start: TSQRT's slope ½|x|^(−½) is infinite at 0, but here the
 * power's slope is multiplied by x, so the slope near 0 is
 * tanh(e^s) + x·s'(x)·(…) with x·s'(x) = k·|x|^k → 0. The function is C¹ at 0 with
 * slope tanh(1) ≈ 0.76 for every k > 0 — the smoothness the study credits it for.
 */
import * as tf from '@tensorflow/tfjs-core';
import { signedPower, tanhOfExp } from './guards.ts';
import type { ActivationDef } from './types.ts';

export const tanhexpFamily: readonly ActivationDef[] = [
  {
    name: 'tanhexp',
    label: 'TanhExp',
    formula: 'x·tanh(e^x)',
    params: [],
    apply: (x) => tf.mul(x, tanhOfExp(x)),
    reference: (x) => x * Math.tanh(Math.exp(x)),
  },
  {
    name: 'tsqrt_tanh',
    label: 'TSQRT_tanh',
    formula: 'x·tanh(e^(x^k)) if x > 0, x·tanh(e^(−(−x)^k)) otherwise',
    params: [
      {
        name: 'k',
        init: 0.5,
        guard:
          'any real k: |x|^k is computed as exp(k·log(|x| + 1e-12)) capped at e^30, and e^(·) inside tanh is capped at e^20',
      },
    ],
    apply: (x, { k }) => tf.mul(x, tanhOfExp(signedPower(x, k))),
    reference: (x, { k }) => (x > 0 ? x * Math.tanh(Math.exp(Math.pow(x, k))) : x * Math.tanh(Math.exp(-Math.pow(-x, k)))),
  },
];
