/**
 * Run by tests in a child process (`node --import tsx`): reads one file with
 * the app's own reader and prints, as JSON, the error it gave (or null) and
 * the process's peak resident memory, so a test can bound what a hostile
 * file costs. Usage: read-in-child.ts <cifar10|snapshot|idx-images> <path>
 */
import { readCifar10Archive } from '../../src-main/engine/data/cifar10.ts';
import { readIdxImages } from '../../src-main/engine/data/idx.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';

const readers: Record<string, (path: string) => Promise<unknown>> = {
  cifar10: readCifar10Archive,
  snapshot: readSnapshot,
  'idx-images': readIdxImages,
};

const [kind, path] = process.argv.slice(2);
let error: string | null = null;
try {
  await readers[kind](path);
} catch (caught) {
  error = (caught as Error).message;
}
process.stdout.write(`${JSON.stringify({ error, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
