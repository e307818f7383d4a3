/**
 * The open document: a working snapshot in the app's data folder, which the
 * engine writes as it trains and computes surfaces (so nothing is lost if
 * the app stops), and the path the user saved it to or opened it from.
 * Saving copies the working file to that path atomically.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/snapshot/atomic-write.ts';
import { copyFileAtomic } from './atomic-copy.ts';

const DocumentStateSchema = z.object({
  version: z.literal(1),
  path: z.string().refine(isAbsolute).nullable(),
  unsaved: z.boolean(),
});
type DocumentState = z.infer<typeof DocumentStateSchema>;

export class SnapshotDocument {
  /** The engine's autosave target and the source of every save. */
  readonly workingPath: string;
  private readonly stateFile: string;
  private state: DocumentState = { version: 1, path: null, unsaved: false };

  constructor(
    private readonly workingDir: string,
    workingName = 'working.lab',
  ) {
    this.workingPath = join(workingDir, workingName);
    this.stateFile = join(workingDir, `${workingName}.json`);
  }

  /** Restores where the working snapshot was saved last time, if it is still there. */
  async restore(): Promise<void> {
    await mkdir(this.workingDir, { recursive: true });
    try {
      const parsed = DocumentStateSchema.safeParse(JSON.parse(await readFile(this.stateFile, 'utf8')));
      if (parsed.success && this.hasWorking()) this.state = parsed.data;
    } catch {
      // No state yet (first start) or an unreadable one: start as an unsaved document.
    }
  }

  /** Where the user saved or opened the document; null while it has never been saved. */
  get path(): string | null {
    return this.state.path;
  }

  /** Whether the working snapshot holds work that is not in `path`. */
  get unsaved(): boolean {
    return this.state.unsaved;
  }

  hasWorking(): boolean {
    return existsSync(this.workingPath);
  }

  /** Modification time of the working snapshot (ms), or null when there is none. */
  async workingVersion(): Promise<number | null> {
    return stat(this.workingPath).then(
      (s) => s.mtimeMs,
      () => null,
    );
  }

  /** A new experiment: the next working snapshot belongs to no file yet. */
  async startNew(): Promise<void> {
    await this.setState({ path: null, unsaved: true });
  }

  /** The engine changed the working snapshot. */
  async markChanged(): Promise<void> {
    await this.setState({ path: this.state.path, unsaved: true });
  }

  /** Copies the working snapshot to `target` and makes it the document's path. */
  async saveTo(target: string): Promise<void> {
    if (!this.hasWorking()) throw new Error('There is nothing to save yet: train a model or open a snapshot first.');
    await mkdir(dirname(target), { recursive: true });
    await copyFileAtomic(this.workingPath, target);
    await this.setState({ path: target, unsaved: false });
  }

  /** Makes a copy of `source` the working snapshot and `source` the document's path. */
  async openFrom(source: string): Promise<void> {
    await mkdir(this.workingDir, { recursive: true });
    await copyFileAtomic(source, this.workingPath);
    await this.setState({ path: source, unsaved: false });
  }

  private async setState(next: Omit<DocumentState, 'version'>): Promise<void> {
    this.state = { version: 1, ...next };
    await mkdir(this.workingDir, { recursive: true });
    await writeFileAtomic(this.stateFile, new TextEncoder().encode(JSON.stringify(this.state)));
  }
}
