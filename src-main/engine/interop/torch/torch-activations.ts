/**
 * Every activation of the registry as PyTorch code for the generated
 * `model.py`, with the same formulas and numerical guards as its TensorFlow.js
 * `apply` and its ONNX form (activation-ops.ts): the same ε before a
 * logarithm, the same caps on exponents, the same floors on parameters, so
 * the three agree to float32 rounding. The constants are the TypeScript ones,
 * written at full precision.
 */
import { MIN_ABS_WIDTH, SQRT2 } from '../../activations/gelu-family.ts';
import { POWER_EPSILON, POWER_LOG_CAP, TANH_EXP_CAP } from '../../activations/guards.ts';
import { MIN_HALF_WIDTH } from '../../activations/hardswish-family.ts';
import { activationNames } from '../../activations/index.ts';
import { LEAKY_SLOPE } from '../../activations/relu-family.ts';
import { SELU_ALPHA, SELU_LAMBDA } from '../../activations/selu-family.ts';
import { MIN_BASE } from '../../activations/swish-family.ts';

/** A Python float literal that reads back as the same double. */
export function pyFloat(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Module-level constants and helpers the activation bodies use. */
export const TORCH_HELPERS = `POWER_EPSILON = ${pyFloat(POWER_EPSILON)}  # added to |x| before log (activations/guards.ts)
POWER_LOG_CAP = ${pyFloat(POWER_LOG_CAP)}  # cap on log(|x|^p)
TANH_EXP_CAP = ${pyFloat(TANH_EXP_CAP)}  # cap on u in tanh(exp(u))
LEAKY_SLOPE = ${pyFloat(LEAKY_SLOPE)}
SQRT2 = ${pyFloat(SQRT2)}
MIN_ABS_WIDTH = ${pyFloat(MIN_ABS_WIDTH)}  # TGELU: |w| >= this, sign kept
MIN_HALF_WIDTH = ${pyFloat(MIN_HALF_WIDTH)}  # THardswish: z >= this
MIN_BASE = ${pyFloat(MIN_BASE)}  # TSwish: z >= this
SELU_LAMBDA = ${pyFloat(SELU_LAMBDA)}
SELU_ALPHA = ${pyFloat(SELU_ALPHA)}


def signed_power(x, p):
    """sign(x) * exp(min(p * log(|x| + eps), 30)): sign(x)|x|^p, finite for every x and p."""
    return torch.sign(x) * torch.exp(torch.clamp(p * torch.log(torch.abs(x) + POWER_EPSILON), max=POWER_LOG_CAP))


def tanh_of_exp(u):
    """tanh(exp(min(u, 20)))."""
    return torch.tanh(torch.exp(torch.clamp(u, max=TANH_EXP_CAP)))


def sigmoid(u):
    """1 / (1 + exp(-u)), as TensorFlow.js computes it."""
    return 1.0 / (1.0 + torch.exp(-u))


def away_from_zero(v, eps):
    """s * max(|v|, eps), s = -1 for v < 0 else +1."""
    magnitude = torch.clamp(torch.abs(v), min=eps)
    return torch.where(v < 0, -magnitude, magnitude)
`;

/** The body of `def <name>(x, p)`: one return expression per activation; `p` maps parameter names to tensors. */
const BODIES: Readonly<Record<string, string>> = {
  relu: 'F.relu(x)',
  leaky_relu: 'F.leaky_relu(x, LEAKY_SLOPE)',
  tleaky_relu: "F.relu(x) - p['z'] * F.relu(-x)",
  tanh: 'torch.tanh(x)',
  sigmoid: 'sigmoid(x)',
  sqrt: 'torch.sign(x) * torch.sqrt(torch.abs(x) + POWER_EPSILON)',
  tsqrt: "signed_power(x, p['z'])",
  hardswish: 'x * torch.clamp(x + 3.0, 0.0, 6.0) / 6.0',
  thardswish: "x * torch.clamp((x + torch.clamp(p['z'], min=MIN_HALF_WIDTH)) / (2.0 * torch.clamp(p['z'], min=MIN_HALF_WIDTH)), 0.0, 1.0)",
  gelu: 'x * 0.5 * (1.0 + torch.erf(x / SQRT2))',
  tgelu: "x * p['z'] * (1.0 + torch.erf(x / away_from_zero(p['w'], MIN_ABS_WIDTH)))",
  selu: 'SELU_LAMBDA * torch.where(x >= 0, x, SELU_ALPHA * (torch.exp(torch.clamp(x, max=0.0)) - 1.0))',
  tselu: "p['z'] * (F.relu(x) + p['w'] * torch.expm1(torch.clamp(x, max=0.0)))",
  swish: 'x * sigmoid(x)',
  tswish: "x * sigmoid(x * torch.log(torch.clamp(p['z'], min=MIN_BASE)))",
  tanhexp: 'x * tanh_of_exp(x)',
  tsqrt_tanh: "x * tanh_of_exp(signed_power(x, p['k']))",
};

/** `def act_<name>(x, p): return …` for each of `names`. */
export function torchActivationFunctions(names: readonly string[]): string {
  return [...new Set(names)]
    .map((name) => {
      const body = BODIES[name];
      if (body === undefined) throw new Error(`Activation "${name}" has no PyTorch form.`);
      return `def act_${name}(x, p):\n    return ${body}\n`;
    })
    .join('\n\n');
}

/** Registry activations without a PyTorch form (a test keeps this empty). */
export function activationsWithoutTorchForm(): string[] {
  return activationNames().filter((name) => !(name in BODIES));
}
