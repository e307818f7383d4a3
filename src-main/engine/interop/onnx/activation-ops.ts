/**
 * Every activation of the registry as standard ONNX ops, with the same
 * numerical guards as its TensorFlow.js `apply` (activations/guards.ts):
 * the same ε before a logarithm, the same caps on exponents, the same floors
 * on parameters, so the two agree to float32 rounding. Parameters arrive as
 * tensors already shaped to broadcast against `x` (`[1]`, or `[C, 1, 1]` /
 * `[C]` per channel).
 */
import { MIN_ABS_WIDTH, SQRT2 } from '../../activations/gelu-family.ts';
import { POWER_EPSILON, POWER_LOG_CAP, TANH_EXP_CAP } from '../../activations/guards.ts';
import { MIN_HALF_WIDTH } from '../../activations/hardswish-family.ts';
import { activationNames, getActivation } from '../../activations/index.ts';
import { LEAKY_SLOPE } from '../../activations/relu-family.ts';
import { SELU_ALPHA, SELU_LAMBDA } from '../../activations/selu-family.ts';
import { MIN_BASE } from '../../activations/swish-family.ts';
import { ElemType, OnnxGraph } from './onnx-graph.ts';

type Emit = (g: OnnxGraph, x: string, params: Readonly<Record<string, string>>) => string;

/**
 * sign(x)·exp(min(p·log(|x| + ε), 30)): guards.ts `signedPower`. ONNX Sign is exact (−1, 0, +1).
 * `capped: false` leaves out the cap where the caller caps harder right after (tanh(e^min(u, 20))
 * gives the same value for u = ±e^30 as for anything beyond): one pass fewer over the tensor.
 */
function signedPower(g: OnnxGraph, x: string, p: string, capped = true): string {
  const logMagnitude = g.op('Log', [g.op('Add', [g.op('Abs', [x]), g.scalar(POWER_EPSILON)])]);
  const exponent = g.op('Mul', [p, logMagnitude]);
  const magnitude = g.op('Exp', [capped ? g.op('Min', [exponent, g.scalar(POWER_LOG_CAP)]) : exponent]);
  return g.op('Mul', [g.op('Sign', [x]), magnitude]);
}

/** tanh(exp(min(u, 20))): guards.ts `tanhOfExp`. */
function tanhOfExp(g: OnnxGraph, u: string): string {
  return g.op('Tanh', [g.op('Exp', [g.op('Min', [u, g.scalar(TANH_EXP_CAP)])])]);
}

/**
 * 1 / (1 + e^(−u)). Not ONNX's Sigmoid: onnxruntime's CPU kernel approximates it, with
 * relative errors up to 2e-3 in the tail (u ≈ −10), where TensorFlow.js is exact to 3e-7.
 * e^(−u) overflowing to Infinity gives exactly 0, as it should.
 */
function sigmoid(g: OnnxGraph, u: string): string {
  return g.op('Div', [g.scalar(1), g.op('Add', [g.scalar(1), g.op('Exp', [g.op('Neg', [u])])])]);
}

/** s·max(|v|, ε) with s = −1 for v < 0, else +1: guards.ts `awayFromZero`. */
function awayFromZero(g: OnnxGraph, v: string, epsilon: number): string {
  const magnitude = g.op('Max', [g.op('Abs', [v]), g.scalar(epsilon)]);
  return g.op('Where', [g.op('Less', [v, g.scalar(0)]), g.op('Neg', [magnitude]), magnitude]);
}

function param(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`ONNX activation: parameter ${name} is missing.`);
  return value;
}

const EMITTERS: Readonly<Record<string, Emit>> = {
  relu: (g, x) => g.op('Relu', [x]),
  leaky_relu: (g, x) => g.op('LeakyRelu', [x], { alpha: LEAKY_SLOPE }),
  tleaky_relu: (g, x, p) => g.op('Sub', [g.op('Relu', [x]), g.op('Mul', [param(p, 'z'), g.op('Relu', [g.op('Neg', [x])])])]),
  tanh: (g, x) => g.op('Tanh', [x]),
  sigmoid: (g, x) => sigmoid(g, x),
  sqrt: (g, x) => g.op('Mul', [g.op('Sign', [x]), g.op('Sqrt', [g.op('Add', [g.op('Abs', [x]), g.scalar(POWER_EPSILON)])])]),
  tsqrt: (g, x, p) => signedPower(g, x, param(p, 'z')),
  hardswish: (g, x) =>
    g.op('Div', [g.op('Mul', [x, g.op('Clip', [g.op('Add', [x, g.scalar(3)]), g.scalar(0), g.scalar(6)])]), g.scalar(6)]),
  thardswish: (g, x, p) => {
    const halfWidth = g.op('Max', [param(p, 'z'), g.scalar(MIN_HALF_WIDTH)]);
    const ramp = g.op('Div', [g.op('Add', [x, halfWidth]), g.op('Mul', [g.scalar(2), halfWidth])]);
    return g.op('Mul', [x, g.op('Min', [g.op('Max', [ramp, g.scalar(0)]), g.scalar(1)])]);
  },
  gelu: (g, x) => g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [g.scalar(1), g.op('Erf', [g.op('Div', [x, g.scalar(SQRT2)])])])]),
  tgelu: (g, x, p) => {
    const width = awayFromZero(g, param(p, 'w'), MIN_ABS_WIDTH);
    return g.op('Mul', [g.op('Mul', [x, param(p, 'z')]), g.op('Add', [g.scalar(1), g.op('Erf', [g.op('Div', [x, width])])])]);
  },
  selu: (g, x) => g.op('Selu', [x], { alpha: SELU_ALPHA, gamma: SELU_LAMBDA }),
  tselu: (g, x, p) => {
    const negative = g.op('Sub', [g.op('Exp', [g.op('Min', [x, g.scalar(0)])]), g.scalar(1)]);
    return g.op('Mul', [param(p, 'z'), g.op('Add', [g.op('Relu', [x]), g.op('Mul', [param(p, 'w'), negative])])]);
  },
  swish: (g, x) => g.op('Mul', [x, sigmoid(g, x)]),
  tswish: (g, x, p) => {
    const logBase = g.op('Log', [g.op('Max', [param(p, 'z'), g.scalar(MIN_BASE)])]);
    return g.op('Mul', [x, sigmoid(g, g.op('Mul', [x, logBase]))]);
  },
  tanhexp: (g, x) => g.op('Mul', [x, tanhOfExp(g, x)]),
  tsqrt_tanh: (g, x, p) => g.op('Mul', [x, tanhOfExp(g, signedPower(g, x, param(p, 'k'), false))]),
};

/** Appends activation `name` applied to `x`; returns the output's name. */
export function emitActivation(g: OnnxGraph, name: string, x: string, params: Readonly<Record<string, string>>): string {
  const emit = EMITTERS[name];
  if (!emit) throw new Error(`Activation "${name}" has no ONNX form.`);
  return emit(g, x, params);
}

/** How many ONNX nodes the activation's form takes (its passes over a tensor). */
export function activationNodeCount(name: string): number {
  const g = new OnnxGraph('count');
  const x = g.input('x', ElemType.float, [1]);
  const params = Object.fromEntries(getActivation(name).params.map((p) => [p.name, g.floats(`p_${p.name}`, new Float32Array([p.init]), [1])]));
  emitActivation(g, name, x, params);
  return g.nodeCount;
}

/** Registry activations without an ONNX form (a test keeps this empty). */
export function activationsWithoutOnnxForm(): string[] {
  return activationNames().filter((name) => !(name in EMITTERS));
}
