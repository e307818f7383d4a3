/**
 * The replacement kernels against the ones TF.js ships (test/bench/kernels-bench.ts)
 * and the ≈612 k-parameter CNN's training step on the current backend, with
 * its slowest kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { benchKernels, benchTrainStep, formatKernelRows, type KernelBenchRow, type TrainStepBench } from './kernels-bench.ts';
import { fixed, type SummaryRow } from './bench-report.ts';

export interface KernelSection {
  rows: KernelBenchRow[];
  trainStep: TrainStepBench;
}

export async function benchKernelSection(quick: boolean): Promise<KernelSection> {
  const rows = await benchKernels({ quick });
  const trainStep = await benchTrainStep(64, quick ? 3 : 5);
  return { rows, trainStep };
}

export function formatKernelSection(section: KernelSection): string {
  const t = section.trainStep;
  return [
    'shipped vs replacement, median ms ("registered": whether registerTrainingKernels uses the replacement here):',
    formatKernelRows(section.rows),
    '',
    `training step, ${t.parameters.toLocaleString('en')}-parameter CNN (conv 5×5×32 → pool → conv 5×5×64 → pool → dense 178 → 10), batch ${t.batch}: ` +
      `${fixed(t.stepMs, 1)} ms median, ${fixed(t.bestMs, 1)} ms best`,
    `  slowest kernels in one profiled step: ${t.topKernels.map((k) => `${k.kernel} ${fixed(k.ms, 1)} ms`).join(', ')}`,
  ].join('\n');
}

/** Per kernel: the geometric mean of its measured speed-ups, with their range in the note. */
export function kernelSummary(section: KernelSection): SummaryRow[] {
  const backend = tf.getBackend();
  const byKernel = new Map<string, number[]>();
  for (const r of section.rows) {
    const name = r.kernel.replace(/ \(.*\)$/, '');
    byKernel.set(name, [...(byKernel.get(name) ?? []), ...(r.speedup === null ? [] : [r.speedup])]);
  }
  const rows: SummaryRow[] = [...byKernel].map(([kernel, speedups]): SummaryRow => {
    if (!speedups.length) {
      const why = section.rows.some((r) => r.kernel.startsWith(kernel) && r.shippedExists) ? 'shipped kernel skipped (--quick)' : 'TF.js ships none here';
      return { backend, measure: `${kernel} speed-up vs shipped`, value: null, goal: null, note: why };
    }
    const mean = Math.exp(speedups.reduce((a, s) => a + Math.log(s), 0) / speedups.length);
    const registered = section.rows.some((r) => r.kernel.startsWith(kernel) && r.registered);
    return {
      backend,
      measure: `${kernel} speed-up vs shipped`,
      value: mean,
      goal: null,
      unit: '×',
      note: `${speedups.length} shape${speedups.length === 1 ? '' : 's'}: ${fixed(Math.min(...speedups), 2)}–${fixed(Math.max(...speedups), 2)}×; ${registered ? 'registered' : 'not registered'}`,
    };
  });
  rows.push({ backend, measure: '612 k CNN train step (b64)', value: section.trainStep.stepMs, goal: null, unit: ' ms', note: `best ${fixed(section.trainStep.bestMs, 1)} ms` });
  return rows;
}
