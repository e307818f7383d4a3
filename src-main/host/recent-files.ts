/**
 * The list of recently opened or saved snapshots, newest first, persisted as
 * JSON in the app's data folder. A missing or damaged file reads as an empty
 * list: losing the list is better than refusing to start.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/snapshot/atomic-write.ts';

const RecentFileSchema = z.object({
  version: z.literal(1),
  paths: z.array(z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path')),
});

export class RecentFiles {
  private paths: string[] | null = null;

  constructor(
    private readonly file: string,
    private readonly limit = 10,
  ) {}

  /** Paths that still exist, newest first. */
  async list(): Promise<string[]> {
    return (await this.load()).filter((path) => existsSync(path));
  }

  async add(path: string): Promise<void> {
    const paths = await this.load();
    this.paths = [path, ...paths.filter((p) => p !== path)].slice(0, this.limit);
    await this.store();
  }

  async remove(path: string): Promise<void> {
    this.paths = (await this.load()).filter((p) => p !== path);
    await this.store();
  }

  private async load(): Promise<string[]> {
    if (this.paths) return this.paths;
    try {
      const parsed = RecentFileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      this.paths = parsed.success ? parsed.data.paths.slice(0, this.limit) : [];
    } catch {
      this.paths = [];
    }
    return this.paths;
  }

  private async store(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const body: z.infer<typeof RecentFileSchema> = { version: 1, paths: this.paths ?? [] };
    await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(body, null, 1)));
  }
}
