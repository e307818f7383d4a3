/**
 * `smoothing`: the study's central claim — the tanh form of the trainable
 * square root (TSQRT_tanh) smooths the loss landscape that TSQRT makes rough.
 * Both are trained in the same network with the same optimiser (BN, high-low
 * learning rates, dropout 0.3: the Table 2 setting), so only the activation
 * differs; surfaces are computed around every seed's model, along random
 * directions and along the activation parameter's own axis (z for TSQRT, k
 * for TSQRT_tanh), plus the PCA plane of the first seed's trajectory and
 * the plane of the first seed's two top Hessian eigenvectors (λ₁, λ₂ with
 * their residuals), and the landscape evolution of the first seed's model (a
 * frame per checkpoint on its first random plane).
 */
import type { ConfigurationDef, StudyDefinition } from '../study-types.ts';

const shared = { batchNorm: true, dropout: 0.3, learningRate: 1e-3, activationLearningRate: 1e-5 } as const;

const configurations: ConfigurationDef[] = [
  { id: 'tsqrt-bn', label: 'TSQRT+BN', activation: 'tsqrt', studyName: 'TSQRT_BN', ...shared },
  { id: 'tsqrt_tanh-bn', label: 'TSQRT_tanh+BN', activation: 'tsqrt_tanh', studyName: 'TSQRT_tanh_BN', ...shared },
];

const smoother = (metric: 'roughness@random' | 'sharpness@random' | 'hessianTop@random' | 'roughness@act-param', what: string, id: string) => ({
  id,
  kind: 'compare' as const,
  statement: `TSQRT_tanh’s landscape is smoother than TSQRT’s (${what})`,
  source: '§3, §5',
  theirs: '“the SQRT trainable version has an energy landscape too complicated”; TSQRT_tanh smooths it',
  metric,
  a: 'tsqrt_tanh-bn',
  b: 'tsqrt-bn',
  expect: 'lower' as const,
});

export const SMOOTHING_STUDY: StudyDefinition = {
  name: 'smoothing',
  title: 'Does TSQRT_tanh smooth the landscape of TSQRT?',
  question:
    'The study’s central claim: a trainable activation only pays off if its loss landscape stays smooth; TSQRT made the landscape rough and TSQRT_tanh, x·tanh(e^(x^k)), smoothed it (and is more accurate: Table 2 gives 58.05% against 44.32% with BN).',
  configurations,
  surfaces: [
    { direction: 'random', seeds: 'all' },
    { direction: 'act-param', seeds: 'all', activationParam: { tsqrt: 'z', tsqrt_tanh: 'k' } },
    { direction: 'pca', seeds: 'first' },
    { direction: 'hessian', seeds: 'first' },
  ],
  evolution: { seeds: 'first' },
  claims: [
    smoother('roughness@random', 'roughness of the random-direction surfaces', 'smoother-roughness'),
    smoother('sharpness@random', 'sharpness of the random-direction surfaces', 'smoother-sharpness'),
    smoother('hessianTop@random', 'top Hessian eigenvalue at the trained model', 'smoother-hessian'),
    smoother('roughness@act-param', 'roughness along the activation-parameter axis', 'smoother-act-param'),
    {
      id: 'tsqrt-tanh-more-accurate',
      kind: 'compare',
      statement: 'TSQRT_tanh+BN is more accurate than TSQRT+BN',
      source: 'Table 2, §5',
      theirs: '58.05% vs 44.32%',
      metric: 'finalAccuracy',
      a: 'tsqrt_tanh-bn',
      b: 'tsqrt-bn',
      expect: 'higher',
    },
  ],
  chartGroups: [{ title: 'TSQRT and TSQRT_tanh', configurations: ['tsqrt-bn', 'tsqrt_tanh-bn'] }],
};
