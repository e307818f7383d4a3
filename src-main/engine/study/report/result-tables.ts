/**
 * The report's tables about runs: the configurations, their parameter counts
 * (as the study's Table 2 lists them), accuracies as mean ± sd over seeds,
 * the trained activation parameters, and trainable twins against fixed ones.
 */
import { getActivation } from '../../activations/index.ts';
import { STUDY_TABLE2 } from '../definitions/table2.ts';
import { RUN_METRICS, type StudyMetrics } from '../study-metrics.ts';
import type { RunMetricName } from '../study-types.ts';
import { compareSummaries, summarise, VERDICT_LABELS, type Summary } from '../verdict-rule.ts';
import { formatNumber, formatRate, formatSigned, formatSummary } from './format.ts';
import type { ReportTable, TableCell } from './report-document.ts';

const text = (value: string): TableCell => ({ text: value });
const num = (value: string, strong = false): TableCell => ({ text: value, numeric: true, strong });

export function configurationTable(metrics: StudyMetrics): ReportTable {
  const rows = metrics.configurations.map(({ config, runs }) => {
    const spec = runs[0]?.run.spec;
    const completed = runs.filter((r) => r.run.status === 'completed').length;
    return [
      text(config.label),
      text(getActivation(config.activation).label),
      text(config.batchNorm ? (config.bnAffine === 'frozen' ? 'yes, γ/β frozen' : 'yes') : 'no'),
      num(config.dropout > 0 ? String(config.dropout) : '–'),
      num(formatRate(spec?.train.learningRate ?? config.learningRate)),
      num(getActivation(config.activation).params.length ? formatRate(spec?.train.activationLearningRate ?? config.activationLearningRate) : '–'),
      num(runs.map((r) => r.seed).join(', ') || '–'),
      num(`${completed}/${runs.length}`),
    ];
  });
  return {
    caption: 'The configurations: each is trained once per seed with Adam, two learning rates (network weights; activation parameters).',
    header: ['Configuration', 'Activation', 'BN', 'Dropout', 'LR weights', 'LR activation', 'Seeds', 'Completed'],
    rows,
  };
}

export function parameterTable(metrics: StudyMetrics): ReportTable {
  const table2 = new Map(STUDY_TABLE2.map((row) => [row.config, row]));
  const showStudy = metrics.definition.configurations.some((c) => table2.has(c.id) && c.studyName);
  const rows = metrics.configurations.map(({ config, runs }) => {
    const counts = runs[0]?.run.parameterCounts;
    const ours = metrics.values('studyNetworkParams', config.id)[0];
    const theirs = config.studyName ? table2.get(config.id) : undefined;
    const row = [
      text(config.label),
      num(counts ? formatNumber(counts.trainable, 0) : '–'),
      num(counts ? formatNumber(counts.total, 0) : '–'),
      num(counts ? formatNumber(counts.activation, 0) : '–'),
      num(formatNumber(ours, 0)),
    ];
    if (showStudy) row.push(num(theirs && theirs.studyName === config.studyName ? formatNumber(theirs.parameters, 0) : '–'));
    return row;
  });
  return {
    note: showStudy ? table2Note(metrics, table2) : undefined,
    caption:
      'Parameter counts as the study’s Table 2 lists them: trainable (what the optimiser updates) and total (BN’s moving statistics included), for the network trained here and for the study’s own network (the `seed` preset on 16×16×3 CIFAR-10).',
    header: ['Configuration', 'Trainable (trained here)', 'Total (trained here)', 'In activations', 'Study’s network, trainable', ...(showStudy ? ['Study’s Table 2'] : [])],
    rows,
  };
}

/** What the study's counts imply, computed from them: only a difference of rows can tell a BN layer from an activation parameter. */
function table2Note(metrics: StudyMetrics, table2: Map<string, (typeof STUDY_TABLE2)[number]>): string | undefined {
  const [bn, plain] = [table2.get('relu-bn'), table2.get('relu')];
  if (!bn || !plain || !metrics.definition.configurations.some((c) => c.id === 'relu')) return undefined;
  const ours = metrics.values('studyNetworkParams', 'relu-bn')[0] - metrics.values('studyNetworkParams', 'relu')[0];
  return `The study’s RELU_BN − RELU is ${formatNumber(bn.parameters - plain.parameters, 0)} parameters; BN’s γ and β in its network (Table 1) are ${formatNumber(ours, 0)}. The study’s other rows therefore do not follow from Table 1 with one scalar per activation layer, and only RELU_BN can match.`;
}

const RESULT_METRICS: RunMetricName[] = ['finalAccuracy', 'bestAccuracy', 'firstEpochAccuracy', 'accuracyAuc', 'finalTestLoss'];

export function resultsTable(metrics: StudyMetrics): ReportTable {
  const summaries = metrics.configurations.map(({ config }) => RESULT_METRICS.map((m) => metrics.summary(m, config.id)));
  const best = RESULT_METRICS.map((m, j) => {
    const means = summaries.map((row) => row[j].mean).filter(Number.isFinite);
    return RUN_METRICS[m].better === 'lower' ? Math.min(...means) : Math.max(...means);
  });
  const rows = metrics.configurations.map(({ config, runs }, i) => [
    text(config.label),
    num(String(runs.length)),
    ...RESULT_METRICS.map((m, j) => num(formatSummary(summaries[i][j], RUN_METRICS[m]), summaries[i][j].mean === best[j] && metrics.configurations.length > 1)),
  ]);
  return {
    caption:
      'Test accuracy (%) and loss, mean ± standard deviation over seeds. AUC: the area under the test-accuracy curve divided by the number of epochs (the mean accuracy over epochs; higher means faster convergence). Best of each column in bold.',
    header: ['Configuration', 'Seeds', 'Final acc.', 'Best acc.', 'Acc. after epoch 1', 'AUC', 'Final test loss'],
    rows,
  };
}

/** Final values of trainable activation parameters, per layer, mean ± sd over seeds; null when no configuration has any. */
export function activationParameterTable(metrics: StudyMetrics): ReportTable | null {
  const rows: TableCell[][] = [];
  let layers = 0;
  for (const { config, runs } of metrics.configurations) {
    const def = getActivation(config.activation);
    for (const param of def.params) {
      const byLayer = new Map<string, number[]>();
      for (const { run } of runs) {
        const last = run.history.at(-1);
        for (const [name, values] of Object.entries(last?.activationParams ?? {})) {
          if (!name.endsWith(`/${param.name}`)) continue;
          const layer = name.slice(0, name.indexOf('/'));
          byLayer.set(layer, [...(byLayer.get(layer) ?? []), values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)]);
        }
      }
      const names = [...byLayer.keys()].sort();
      layers = Math.max(layers, names.length);
      rows.push([
        text(config.label),
        text(param.name),
        num(formatNumber(param.init, 4)),
        ...names.map((layer) => num(`${layer}: ${formatSummary(summarise(byLayer.get(layer)!), { digits: 4 })}`)),
      ]);
    }
  }
  if (rows.length === 0) return null;
  for (const row of rows) while (row.length < 3 + layers) row.push(num('–'));
  return {
    caption: 'Trainable activation parameters after the last epoch (one scalar per activation layer), mean ± sd over seeds, beside their initial values.',
    header: ['Configuration', 'Parameter', 'Initial', ...Array.from({ length: layers }, (_, i) => `Layer ${i + 1}`)],
    rows,
  };
}

/** Each trainable activation beside its fixed twin: does it converge faster early? Null without twins. */
export function twinTable(metrics: StudyMetrics): ReportTable | null {
  const twins = metrics.configurations.filter(({ config }) => config.twinOf);
  if (twins.length === 0) return null;
  const delta = (metric: RunMetricName, a: string, b: string): string => {
    const [sa, sb]: Summary[] = [metrics.summary(metric, a), metrics.summary(metric, b)];
    return formatSigned(sa.mean - sb.mean, 2);
  };
  const rows = twins.map(({ config }) => {
    const fixed = metrics.configuration(config.twinOf!).config;
    const early = compareSummaries(metrics.summary('firstEpochAccuracy', config.id), metrics.summary('firstEpochAccuracy', fixed.id), 'higher');
    return [
      text(config.label),
      text(fixed.label),
      num(delta('firstEpochAccuracy', config.id, fixed.id)),
      num(delta('accuracyAuc', config.id, fixed.id)),
      num(delta('finalAccuracy', config.id, fixed.id)),
      { text: VERDICT_LABELS[early.verdict], verdict: early.verdict },
    ];
  });
  return {
    caption:
      'Trainable twins against their fixed activations: differences of the means (trainable − fixed, in points of test accuracy). The last column applies the verdict rule to “the trainable twin is more accurate after the first epoch”.',
    header: ['Trainable', 'Fixed twin', 'Δ acc. epoch 1', 'Δ AUC', 'Δ final acc.', 'Faster early?'],
    rows,
  };
}
