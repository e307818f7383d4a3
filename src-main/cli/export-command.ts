/** `cli export`: a surface, its directions, or the reference export of a whole snapshot. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ReferenceFolderSummary } from '../engine/interop/reference/reference-export.ts';
import type { EvolutionFolderSummary } from '../engine/snapshot/export-evolution.ts';
import { dataCacheDir } from '../user-folders.ts';
import { runEngineJob, type CommonOptions } from './engine-job.ts';

const FORMATS = ['h5', 'csv', 'vtp', 'directions', 'npy', 'reference', 'evolution'] as const;
type Format = (typeof FORMATS)[number];

interface ExportOptions extends CommonOptions {
  format: Format;
  out: string;
  surface?: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export <snapshot>')
    .description(
      'Export a surface: h5 (reference layout) | csv | vtp (ParaView) | directions (h5 of the plane) | npy (folder) | ' +
        'reference (a folder per surface: model.onnx, PyTorch module + state, directions.h5 and surface.h5 in the reference format, eval_data.npz) | ' +
        'evolution (a folder per landscape evolution of surface --evolution: an h5 per frame, metrics.csv over training, evolution.gif)',
    )
    .requiredOption('--format <format>', FORMATS.join(' | '))
    .requiredOption('--out <path>', 'file (a folder for npy, reference and evolution)')
    .option('--surface <id>', 'surface id (default: the first; reference: every surface, and every run without one; evolution: every evolution, or the one holding this frame)')
    .action(async (snapshotArg: string, options: ExportOptions) => {
      if (!FORMATS.includes(options.format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}, not "${options.format}".`);
      const result = await runEngineJob<{ path: string; folders?: ReferenceFolderSummary[]; evolutions?: EvolutionFolderSummary[] }>(
        {
          kind: 'export',
          snapshot: resolve(snapshotArg),
          format: options.format,
          out: resolve(options.out),
          surfaceId: options.surface,
          cacheDir: dataCacheDir(),
        },
        options,
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      for (const folder of result.folders ?? []) {
        const what = folder.surfaceId ? `surface ${folder.surfaceId}` : `run ${folder.runId} (no surface: model and data only)`;
        process.stderr.write(`  ${folder.folder}/: ${what}\n`);
        for (const note of folder.notes) process.stderr.write(`    note: ${note}\n`);
      }
      for (const evolution of result.evolutions ?? []) {
        const epochs = evolution.frames.map((f) => (f.step === undefined ? f.epoch : `${f.epoch} · step ${f.step}`)).join(', ');
        const scale = `${evolution.gifScale.min.toPrecision(4)} to ${evolution.gifScale.max.toPrecision(4)}`;
        process.stderr.write(`  ${evolution.folder}/: run ${evolution.runId}, ${evolution.frames.length} frames (epochs ${epochs}), metrics.csv, evolution.gif (loss ${scale})\n`);
      }
      process.stderr.write(`Wrote ${result.path}\n`);
    });
}
