/** Snapshot files handed to the app on its command line (`electron . a.lab`, a double-click in a file manager). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The existing `.lab` files among `args`, as absolute paths; switches and everything else are ignored. */
export function snapshotPathsFromArgs(args: readonly string[], cwd: string): string[] {
  return args
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith('.lab'))
    .map((arg) => resolve(cwd, arg))
    .filter((path) => existsSync(path));
}
