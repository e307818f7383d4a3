/**
 * Exports: PNG images are the renderer's bytes, written as they are; every
 * other format is made by the engine from the working snapshot. Where the
 * file goes is the host's choice (a dialog, or a download URL).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExportDone } from '../contract.ts';
import { writeFileAtomic } from '../engine/snapshot/atomic-write.ts';
import type { EngineClient } from '../engine-client/engine-client.ts';
import { safeFileName, type HostFiles } from './host-files.ts';
import { RequestError, type ParsedRequest } from './request-validation.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface ExportContext {
  engine: Pick<EngineClient, 'run'>;
  files: HostFiles;
  /** The working snapshot, or null when there is none yet. */
  workingSnapshot: string | null;
  /** File name stem offered for the export (the document's name). */
  documentName: string;
}

export function isPng(bytes: Uint8Array | undefined): bytes is Uint8Array {
  return bytes !== undefined && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/** Writes one export; null when the user cancelled the dialog. */
export async function exportFile(args: ParsedRequest<'export'>, context: ExportContext): Promise<ExportDone | null> {
  if (args.format === 'png' && !isPng(args.png)) throw new RequestError('A PNG export needs the PNG image bytes of the view.');
  if (args.format !== 'png' && !context.workingSnapshot) throw new RequestError('There is nothing to export yet: train a model or open a snapshot first.');
  const suggested = safeFileName(args.surfaceId ? `${context.documentName}-${args.surfaceId}` : context.documentName);
  const target = args.path ? { path: context.files.resolvePath(args.path), url: null } : await context.files.chooseExportTarget(args.format, suggested);
  if (!target) return null;
  await mkdir(dirname(target.path), { recursive: true });
  if (args.format === 'png') {
    await writeFileAtomic(target.path, args.png!);
  } else {
    const job = { kind: 'export', snapshot: context.workingSnapshot!, surfaceId: args.surfaceId, format: args.format, out: target.path } as const;
    await context.engine.run(job).result;
  }
  return { path: target.path, url: target.url };
}
