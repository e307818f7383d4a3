/**
 * `cli study NAME`: runs a study preset end to end (trainings, surfaces, one
 * snapshot, the report); `cli report SNAPSHOT`: rebuilds a study's report
 * from its snapshot alone.
 */
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { StudyNameSchema, StudyScaleSchema, type EngineEvent, type StudyName, type StudyScale } from '../contract.ts';
import type { StudyResult } from '../engine/jobs/study-job.ts';
import { expandStudy, type StudyPlan } from '../engine/study/expand-study.ts';
import { dataCacheDir } from '../user-folders.ts';
import { runEngineJob, type CommonOptions } from './engine-job.ts';

interface StudyOptions extends CommonOptions {
  scale: string;
  out?: string;
  seeds?: string;
  workers?: string;
  reportName?: string;
  plan?: boolean;
}

const VERDICT_MARKS: Record<string, string> = { reproduced: '✔', 'not-reproduced': '✘', 'within-noise': '≈', 'not-comparable': '–' };

function positiveInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number ≥ 1, not "${text}".`);
  return value;
}

function parseName(text: string): StudyName {
  const parsed = StudyNameSchema.safeParse(text);
  if (!parsed.success) throw new Error(`There is no study "${text}". Studies: ${StudyNameSchema.options.join(', ')}.`);
  return parsed.data;
}

function parseScale(text: string): StudyScale {
  const parsed = StudyScaleSchema.safeParse(text);
  // `tiny` is accepted (tests use it) but not advertised.
  if (!parsed.success) throw new Error(`--scale must be quick or full, not "${text}".`);
  return parsed.data;
}

/** The plan as a user reads it before starting: what will be trained and computed. */
function planSummary(plan: StudyPlan): Record<string, unknown> {
  return {
    study: plan.definition.name,
    scale: plan.scale.scale,
    data: plan.experiment.data,
    preset: plan.scale.preset,
    epochs: plan.scale.epochs,
    seeds: plan.seeds,
    runs: plan.experiment.runs.map((r) => ({
      id: r.id,
      activation: r.activation.name,
      batchNorm: r.network.batchNorm,
      bnAffine: r.network.bnAffine,
      dropout: r.network.dropout,
      learningRate: r.train.learningRate,
      activationLearningRate: r.train.activationLearningRate,
      seed: r.train.seed,
    })),
    surfaces: plan.surfaces.map((s) => ({
      runId: s.runId,
      direction: s.direction,
      directionSeed: s.recipe.seed,
      grid: `${s.recipe.x.num}×${s.recipe.y?.num ?? 1}`,
      evaluation: s.recipe.evaluation.count,
    })),
    evolutions: plan.evolutions.map((e) => ({ runId: e.runId, frames: e.frames, grid: `${e.recipe.x.num}×${e.recipe.y?.num ?? 1}` })),
  };
}

function describeEvent(plan: StudyPlan): (event: EngineEvent) => string | null {
  const epochs = new Map(plan.experiment.runs.map((r) => [r.id, r.train.epochs]));
  return (event) => {
    if (event.type !== 'epoch' || event.record.epoch !== epochs.get(event.runId)) return null;
    return `  ✓ ${event.runId}: test accuracy ${(100 * event.record.testAccuracy).toFixed(2)}%`;
  };
}

function formatSeconds(seconds: number): string {
  return seconds < 90 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function registerStudyCommands(program: Command): void {
  program
    .command('study <name>')
    .description(`Run a study preset (${StudyNameSchema.options.join(', ')}): trainings, surfaces, one snapshot and a report`)
    .option('--scale <scale>', 'quick (CPU, minutes) | full (the study’s CIFAR-10 setting, a GPU job)', 'quick')
    .option('--out <folder>', 'folder of the snapshot and the report (default: runs/<name>)')
    .option('--seeds <n>', 'seeds per configuration (default: 3 at quick scale)')
    .option('--workers <n>', 'engine processes sharing the work (default: one per core)')
    .option('--report-name <stem>', 'file name of the snapshot and report, without extension (default: the study’s name)')
    .option('--plan', 'print what the study would train and compute, and stop')
    .action(async (nameArg: string, options: StudyOptions) => {
      const name = parseName(nameArg);
      const scale = parseScale(options.scale);
      const seeds = positiveInt(options.seeds, '--seeds');
      const plan = expandStudy(name, scale, { seeds });
      if (options.plan) {
        process.stdout.write(`${JSON.stringify(planSummary(plan), null, 2)}\n`);
        return;
      }
      const out = resolve(options.out ?? `runs/${name}`);
      if (!options.json) {
        process.stderr.write(`Study ${name} at ${scale} scale: ${plan.experiment.runs.length} trainings, ${plan.surfaces.length} surfaces → ${out}\n`);
        if (plan.scale.needsGpu) process.stderr.write('Note: the full scale is the study’s own setting (CIFAR-10, 4.8 M parameters): expect hours without a GPU.\n');
      }
      const result = await runEngineJob<StudyResult>(
        { kind: 'study', name, scale, out, seeds, workers: positiveInt(options.workers, '--workers'), reportName: options.reportName, cacheDir: dataCacheDir() },
        options,
        describeEvent(plan),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const lines = [
        '',
        `Snapshot: ${result.snapshot}`,
        `Report:   ${result.html}`,
        `          ${result.markdown}`,
        `Time:     ${formatSeconds(result.seconds.total)} on ${result.workers} engine process${result.workers === 1 ? '' : 'es'} (${result.backend})`,
        'Does it reproduce?',
        ...result.claims.map((c) => `  ${VERDICT_MARKS[c.verdict] ?? '?'} ${c.statement} — ${c.verdict.replace('-', ' ')} (${c.ours})`),
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
    });

  program
    .command('report <snapshot>')
    .description('Rebuild a study’s report (HTML, Markdown, figures) from its snapshot')
    .option('--out <folder>', 'where to write it (default: beside the snapshot)')
    .action(async (snapshotArg: string, options: CommonOptions & { out?: string }) => {
      // In-process: a report needs no engine, only the snapshot (TensorFlow.js stays unloaded but for the registry).
      const [{ readSnapshot }, { studyDefinition }, { writeStudyReport }] = await Promise.all([
        import('../engine/snapshot/snapshot-file.ts'),
        import('../engine/study/definitions/index.ts'),
        import('../engine/study/report/write-report.ts'),
      ]);
      const path = resolve(snapshotArg);
      const snapshot = await readSnapshot(path);
      const record = snapshot.header.study;
      if (!record) throw new Error(`${snapshotArg} was not written by a study (it has no study record); run \`study\` to make one.`);
      const stem = basename(path).replace(/\.lab$/i, '');
      const written = await writeStudyReport({ snapshot, definition: studyDefinition(record.name), outDir: resolve(options.out ?? dirname(path)), stem });
      if (options.json) process.stdout.write(`${JSON.stringify({ html: written.html, markdown: written.markdown, figures: written.figures })}\n`);
      else process.stderr.write(`Wrote ${written.html}\n      ${written.markdown}\n      ${written.figures}/\n`);
    });
}
