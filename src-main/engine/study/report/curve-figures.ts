/**
 * Training curves: test accuracy and training loss per epoch, one line per
 * configuration (the mean over seeds) in a band of ± one standard deviation,
 * one pair of charts per chart group of the study.
 */
import type { EpochRecord } from '../../../contract.ts';
import type { StudyMetrics } from '../study-metrics.ts';
import { summarise } from '../verdict-rule.ts';
import { lineChartSvg, type CurveSeries } from './line-chart.ts';
import type { ReportFigure } from './report-document.ts';
import { seriesColour } from './svg-kit.ts';

function series(metrics: StudyMetrics, configId: string, colour: string, pick: (r: EpochRecord) => number): CurveSeries {
  const { config, runs } = metrics.configuration(configId);
  const epochs = Math.max(0, ...runs.map(({ run }) => run.history.length));
  const x: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const s = summarise(runs.map(({ run }) => run.history[e]).filter((r): r is EpochRecord => r !== undefined).map(pick));
    x.push(e + 1);
    mean.push(s.mean);
    sd.push(s.sd);
  }
  return { label: config.label, colour, x, mean, sd };
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'group';

export function curveFigure(metrics: StudyMetrics): ReportFigure {
  const groups = metrics.definition.chartGroups.map((group) => {
    const accuracy = group.configurations.map((id, i) => series(metrics, id, seriesColour(i), (r) => 100 * r.testAccuracy));
    const loss = group.configurations.map((id, i) => series(metrics, id, seriesColour(i), (r) => r.trainLoss));
    const file = slug(group.title);
    return {
      title: group.title,
      panels: [
        { file: `curves-${file}-accuracy.svg`, alt: `${group.title}: test accuracy per epoch`, svg: lineChartSvg({ title: 'Test accuracy', xLabel: 'epoch', yLabel: 'accuracy (%)', series: accuracy, width: 420, height: 250 }) },
        { file: `curves-${file}-loss.svg`, alt: `${group.title}: training loss per epoch`, svg: lineChartSvg({ title: 'Training loss', xLabel: 'epoch', yLabel: 'mean loss of the epoch', series: loss, width: 420, height: 250 }) },
      ],
    };
  });
  return {
    caption: 'Training curves: test accuracy after each epoch and the mean training loss of each epoch; lines are means over seeds, bands ± one standard deviation.',
    panels: groups.flatMap((g) => g.panels),
    layout: 'wide',
    groups,
  };
}
