/** `download-cifar10`: fetches the official CIFAR-10 archive into the user's cache, with progress, MD5 check and resume. */
import { downloadCifar10 } from '../data/cifar10-download.ts';
import type { JobContext } from './job-context.ts';

export async function runDownloadJob(job: { cacheDir: string }, context: JobContext): Promise<{ path: string }> {
  const path = await downloadCifar10({
    cacheDir: job.cacheDir,
    signal: context.signal,
    onProgress: (p) => context.progress({ phase: p.phase === 'verify' ? 'Checking CIFAR-10 (MD5)' : 'Downloading CIFAR-10', done: p.done, total: p.total }),
  });
  return { path };
}
