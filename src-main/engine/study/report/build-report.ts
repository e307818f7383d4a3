/**
 * Builds a study's report document from its snapshot and definition: the
 * verdicts first (what a reader came for), then the setup, the numbers, the
 * curves, the landscapes, and the method with its caveats.
 */
import type { Snapshot, StudyRecord } from '../../../contract.ts';
import { PRESETS } from '../../network/presets.ts';
import { evaluateClaims, type ClaimResult } from '../evaluate-claims.ts';
import { STUDY_SCALES } from '../study-scales.ts';
import { StudyMetrics } from '../study-metrics.ts';
import type { StudyDefinition, SurfaceDirection } from '../study-types.ts';
import { VERDICT_LABELS, type Verdict } from '../verdict-rule.ts';
import { curveFigure } from './curve-figures.ts';
import { formatDuration, formatNumber } from './format.ts';
import type { Block, ReportDocument, ReportTable } from './report-document.ts';
import { activationParameterTable, configurationTable, parameterTable, resultsTable, twinTable } from './result-tables.ts';
import { landscapeFeatureBlocks, randomPlanesPerModel } from './landscape-features.ts';
import { surfaceBlocks } from './surface-section.ts';

export interface ReportInput {
  snapshot: Pick<Snapshot, 'appVersion' | 'header' | 'runs' | 'surfaces'>;
  definition: StudyDefinition;
  /** File name stem of the snapshot, for the footer's commands. */
  stem?: string;
}

const DIRECTION_NAMES: Record<SurfaceDirection, string> = { random: 'random-direction', 'act-param': 'activation-parameter', pca: 'PCA-plane', hessian: 'Hessian-plane' };

const SCALE_NAMES: Record<StudyRecord['scale'], string> = { quick: 'quick scale', full: 'full scale', tiny: 'tiny scale (smoke test)' };

function studyRecord(input: ReportInput): StudyRecord {
  const record = input.snapshot.header.study;
  if (!record) throw new Error(`The snapshot “${input.snapshot.header.name}” was not written by a study: it has no study record to report on.`);
  return record;
}

function claimsTable(results: ClaimResult[]): ReportTable {
  return {
    caption:
      'The study’s claims beside ours. Δ is the difference of the means over seeds, positive when it supports the claim; it counts only when it is larger than the noise threshold, twice its standard error over seeds (the rule is in the Method section).',
    header: ['#', 'Claim', 'Source', 'The study', 'Ours (mean ± sd over seeds)', 'Verdict', 'How it was judged'],
    rows: results.map((r, i) => [
      { text: String(i + 1), numeric: true },
      { text: r.claim.statement },
      { text: r.claim.source },
      { text: r.claim.theirs },
      { text: r.ours },
      { text: VERDICT_LABELS[r.verdict], verdict: r.verdict },
      { text: r.detail },
    ]),
  };
}

/** The random planes' direction seeds, in words: `seed 0` or `3 planes per model, direction seeds 0, 1, 2`. */
function directionSeedsText(metrics: StudyMetrics): string {
  const planes = randomPlanesPerModel(metrics);
  const seeds = [...new Set(metrics.snapshot.surfaces.filter((s) => s.recipe.direction === 'random' && !s.recipe.checkpoint).map((s) => s.recipe.seed))].sort((a, b) => a - b);
  return planes > 1 ? `${planes} planes per model, direction seeds ${seeds.join(', ')}` : `one plane per model, direction seed ${seeds.join(', ')}`;
}

function setupTable(input: ReportInput, record: StudyRecord, metrics: StudyMetrics): ReportTable {
  const { header } = input.snapshot;
  const data = header.data;
  const identity = header.dataIdentity;
  const spec = input.snapshot.runs[0]?.spec;
  const preset = spec ? PRESETS[spec.network.preset] : null;
  const firstSurface = (direction: string) => input.snapshot.surfaces.find((s) => s.recipe.direction === direction);
  const anySurface = input.snapshot.surfaces[0];
  const hessian = input.snapshot.surfaces.find((s) => s.metrics?.hessian)?.metrics?.hessian;
  const [h, w, c] = identity.inputShape;
  const rows: Array<[string, string]> = [
    ['Study', `${record.name} — ${input.definition.title}`],
    ['Scale', `${record.scale}: ${STUDY_SCALES[record.scale].description}`],
    [
      'Data',
      `${identity.source === 'mnist' ? 'MNIST (built in)' : identity.source === 'cifar10' ? 'CIFAR-10' : identity.source}; ${formatNumber(identity.trainCount, 0)} training and ${formatNumber(identity.testCount, 0)} test images${data.trainLimit || data.testLimit ? ` (seeded subsets, seed ${data.subsetSeed})` : ''}; input ${h}×${w}×${c}${data.downsample === 2 ? ' (2× average-pooled)' : ''}`,
    ],
    ['Network', preset ? `\`${preset.name}\` preset: ${preset.description}` : '–'],
    ['Training', spec ? `${spec.train.epochs} epochs, batch ${spec.train.batchSize}, Adam; learning rates per configuration in the next table` : '–'],
    ['Seeds', `${record.seeds.join(', ')} — ${input.snapshot.runs.length} runs in all`],
  ];
  if (anySurface) {
    const random = firstSurface('random');
    const act = firstSurface('act-param');
    const parts = [
      `${anySurface.xCoordinates.length}×${Math.max(1, anySurface.yCoordinates.length)} grids`,
      random ? `random planes over [${random.recipe.x.min}, ${random.recipe.x.max}]² (filter-normalised Gaussian directions, ${directionSeedsText(metrics)}; biases and BN parameters not moved)` : null,
      act?.recipe.y ? `activation-parameter axis from ${act.recipe.y.min} to ${act.recipe.y.max}` : null,
      firstSurface('pca') ? 'PCA planes sized to hold the trajectory' : null,
      firstSurface('hessian') ? `Hessian planes over [${firstSurface('hessian')!.recipe.x.min}, ${firstSurface('hessian')!.recipe.x.max}]² (the two top eigenvectors, each as long as θ)` : null,
      `training loss on a fixed evaluation subset of ${formatNumber(anySurface.recipe.evaluation.count, 0)} training images (seed ${anySurface.recipe.evaluation.seed})`,
      hessian ? `Hessian by ${hessian.powerIterations} power iterations and ${hessian.traceSamples} Hutchinson samples` : null,
    ];
    rows.push(['Surfaces', parts.filter(Boolean).join('; ')]);
  }
  rows.push(
    ['Backend', record.backend],
    ['Software', `Landscape Lab ${input.snapshot.appVersion}, Node ${record.machine.node}`],
    ['Machine', `${record.machine.cpuModel}, ${record.machine.cores} cores, ${record.machine.memoryGiB} GiB, ${record.machine.platform}`],
    [
      'Wall time',
      `${formatDuration(record.seconds.total)} on ${record.workers} engine process${record.workers === 1 ? '' : 'es'} (summed over processes: training ${formatDuration(record.seconds.training)}, surfaces ${formatDuration(record.seconds.surfaces)})`,
    ],
    ['Started', record.startedAt],
  );
  return { caption: 'Setup of this run of the study.', header: ['', ''], rows: rows.map(([k, v]) => [{ text: k, strong: true }, { text: v }]) };
}

function caveats(input: ReportInput, record: StudyRecord): string[] {
  const notes: string[] = [];
  const runs = input.snapshot.runs;
  if (record.scale !== 'full') {
    notes.push(
      `This is the ${SCALE_NAMES[record.scale]}: the study trained on CIFAR-10 with a 4.8 M-parameter network, this run on ${input.snapshot.header.dataIdentity.source === 'mnist' ? 'MNIST' : input.snapshot.header.dataIdentity.source}, a far easier task, with a small network and few epochs. Absolute accuracies are therefore “not comparable at this scale”; directions, rankings and parameter counts of the study’s network are compared.`,
    );
  }
  const firstOnly = input.definition.surfaces.filter((s) => s.seeds === 'first');
  if (firstOnly.length && record.seeds.length > 1) {
    notes.push(
      `To keep the study within its time budget, ${firstOnly.map((s) => DIRECTION_NAMES[s.direction]).join(' and ')} surfaces were computed around the first seed’s model of each configuration only; their metrics have no spread over seeds, and no verdict rests on them.`,
    );
  }
  const bnRun = runs.find((r) => r.spec.network.batchNorm);
  if (bnRun) {
    const steps = bnRun.spec.train.epochs * Math.ceil(input.snapshot.header.dataIdentity.trainCount / bnRun.spec.train.batchSize);
    const residue = 0.99 ** steps;
    notes.push(
      `BN layers are evaluated with their moving statistics (momentum 0.99). After ${formatNumber(steps, 0)} training steps those averages still weigh their initial values (mean 0, variance 1) by 0.99^${formatNumber(steps, 0)} ≈ ${formatNumber(100 * residue, 1)}%${residue > 0.05 ? ', enough to depress BN networks’ test accuracy, most of all after the first epoch' : ''}.`,
    );
  }
  const gains = runs.filter((r) => r.history.length >= 2).map((r) => 100 * (r.history[r.history.length - 1].testAccuracy - r.history[r.history.length - 2].testAccuracy));
  const meanGain = gains.length ? gains.reduce((a, b) => a + b, 0) / gains.length : 0;
  if (meanGain > 1) {
    notes.push(
      `The networks had not converged: test accuracy still rose by ${formatNumber(meanGain, 1)} points on average in the last epoch. Differences between seeds are correspondingly wide, and verdicts that need a small difference come out “within noise”.`,
    );
  }
  const diverged = runs.filter((r) => r.status !== 'completed');
  if (diverged.length) notes.push(`Runs that did not complete: ${diverged.map((r) => `${r.spec.id} (${r.status}${r.message ? `: ${r.message}` : ''})`).join('; ')}.`);
  const nonFinite = input.snapshot.surfaces.filter((s) => (s.metrics?.nonFinitePoints ?? 0) > 0);
  if (nonFinite.length) notes.push(`Surfaces with non-finite points (stored as such, left out of the metrics and drawn at the top of the colour scale): ${nonFinite.map((s) => s.id).join(', ')}.`);
  return notes;
}

const METHOD: string[] = [
  'Accuracy figures are the test accuracy after the last epoch (final), the highest after any epoch (best), after the first epoch, and the mean over epochs (AUC: the area under the per-epoch accuracy curve divided by the number of epochs), each as mean ± sample standard deviation over seeds.',
  'Verdict rule. For a claim “A is higher than B” we take the difference of the means over seeds, d, and the noise threshold t = 2·√(s_A²/n_A + s_B²/n_B), twice the standard error of that difference. d ≥ t in the claimed direction: reproduced. d ≥ t the other way: not reproduced. |d| < t: not reproduced (within noise) — the seeds cannot tell the two apart. With three seeds a side and equal spreads, t ≈ 1.6 standard deviations, so a difference smaller than the seeds’ own spread never counts. “A is the most (least) accurate” must hold against every other configuration by this rule; it is not reproduced as soon as one other configuration beats A beyond the noise. “A and B are about the same” is reproduced when the means differ by less than the stated margin. A number of the study’s own (Table 2’s accuracies, §4’s 5 points) is compared only at the scale it was measured at (otherwise: not comparable at this scale), and then agrees when it is within a tolerance (2 points of accuracy; 0.1% of a parameter count) or twice our standard error. Parameter counts do not vary with the seed, so their threshold is 0. The noise cannot be estimated from a single seed: comparisons with fewer than two seeds on a side are not comparable.',
];

/** How surface metrics of several random planes per model are judged; nothing when the study has no random planes. */
function planeRule(metrics: StudyMetrics): Block[] {
  const planes = randomPlanesPerModel(metrics);
  if (planes === 0) return [];
  const text =
    planes > 1
      ? `Surface metrics and two noises. A random-direction metric varies with the trained model (training seed) and with the plane around it (direction seed). Each model has ${planes} planes; its value is the mean over them, and a claim is judged over the seeds’ models by the rule above (a nested design: the spread of the models’ means holds the training noise and the direction noise ÷ ${planes}). With a few seeds that spread can fall below the direction noise alone by chance, so the standard deviation a verdict uses for a model’s mean is √max(s²_models, s²_planes ÷ ${planes}), s²_planes being the variance over each model’s planes pooled over the models. The tables show the planes’ spread beside each number, and each verdict names it. λmax and the trace are the model’s, not the plane’s: computed once per model.`
      : 'Surface metrics and two noises. A random-direction metric varies with the trained model (training seed) and with the plane around it (direction seed). This scale computes one plane per model: the verdicts on surface metrics rest on the spread over seeds’ models, which includes one plane’s direction noise, but the direction noise is not measured apart (the landscape section says how to measure it).';
  return [{ kind: 'paragraph', text }];
}

export function buildReport(input: ReportInput): ReportDocument {
  const record = studyRecord(input);
  const metrics = new StudyMetrics(input.definition, input.snapshot);
  const claims = evaluateClaims(input.definition.claims, metrics, record.scale);
  const counts: Record<Verdict, number> = { reproduced: 0, 'not-reproduced': 0, 'within-noise': 0, 'not-comparable': 0 };
  for (const c of claims) counts[c.verdict] += 1;
  const spec = input.snapshot.runs[0]?.spec;
  const stem = input.stem ?? record.name;
  const tableBlock = (table: ReportTable | null): Block[] => (table ? [{ kind: 'table', table }] : []);

  const verdictSentence = `Of ${claims.length} checks: ${counts.reproduced} reproduced, ${counts['not-reproduced']} not reproduced, ${counts['within-noise']} not reproduced within the noise of ${record.seeds.length} seed${record.seeds.length === 1 ? '' : 's'}, ${counts['not-comparable']} not comparable at this scale.`;
  return {
    title: input.definition.title,
    byline: [
      `Landscape Lab study “${record.name}”`,
      SCALE_NAMES[record.scale],
      input.snapshot.header.dataIdentity.source === 'mnist' ? 'MNIST' : input.snapshot.header.dataIdentity.source === 'cifar10' ? 'CIFAR-10' : input.snapshot.header.dataIdentity.source,
      spec ? `\`${spec.network.preset}\` network` : null,
      `${record.seeds.length} seed${record.seeds.length === 1 ? '' : 's'} per configuration`,
      record.startedAt.slice(0, 10),
    ]
      .filter(Boolean)
      .join(' · '),
    summary: [input.definition.question, verdictSentence],
    verdictCounts: counts,
    sections: [
      { id: 'reproduce', title: 'Does it reproduce?', blocks: [{ kind: 'table', table: claimsTable(claims) }] },
      { id: 'setup', title: 'Setup', blocks: [{ kind: 'table', table: setupTable(input, record, metrics) }, { kind: 'table', table: configurationTable(metrics) }] },
      { id: 'parameters', title: 'Parameters', blocks: [{ kind: 'table', table: parameterTable(metrics) }] },
      {
        id: 'accuracy',
        title: 'Accuracy',
        blocks: [{ kind: 'table', table: resultsTable(metrics) }, ...tableBlock(activationParameterTable(metrics)), ...tableBlock(twinTable(metrics))],
      },
      { id: 'curves', title: 'Training curves', blocks: [{ kind: 'figure', figure: curveFigure(metrics) }] },
      { id: 'landscapes', title: 'Loss landscapes', blocks: [...surfaceBlocks(metrics), ...landscapeFeatureBlocks(metrics, stem)] },
      {
        id: 'method',
        title: 'Method and caveats',
        blocks: [...METHOD.map((text): Block => ({ kind: 'paragraph', text })), ...planeRule(metrics), { kind: 'list', items: caveats(input, record) }],
      },
    ],
    footer: `Rebuild this report from its snapshot: \`npm run cli -- report ${stem}.lab\`. Run the study again: \`npm run cli -- study ${record.name} --scale ${record.scale}${record.seeds.length !== STUDY_SCALES[record.scale].seeds ? ` --seeds ${record.seeds.length}` : ''} --out <folder>\`.`,
  };
}
