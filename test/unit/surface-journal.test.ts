import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurfaceJournal } from '../../src-main/engine/surfaces/surface-journal.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

const digest = 'a'.repeat(64);
const point = (index: number, kind: 'exact' | 'sampled' | 'interpolated' = 'exact') => ({ index, kind, trainLoss: index + 0.5, trainAccuracy: 0.25, testLoss: NaN, testAccuracy: NaN });

describe('surface journal', () => {
  it('reads back every appended point with how it was obtained, ignoring a torn last record', async () => {
    const path = join(await temporaryFolder(), 'x.journal');
    const journal = await SurfaceJournal.open(path, digest, true);
    await journal.append([point(0), point(7, 'sampled')]);
    await journal.append([point(3, 'interpolated')]);
    await appendFile(path, new Uint8Array(9)); // a write cut short by a kill
    const points = await SurfaceJournal.read(path, digest);
    expect(points?.map((p) => [p.index, p.kind, p.trainLoss])).toEqual([
      [0, 'exact', 0.5],
      [7, 'sampled', 7.5],
      [3, 'interpolated', 3.5],
    ]);
  });

  it('never resumes the journal of another recipe', async () => {
    const path = join(await temporaryFolder(), 'x.journal');
    await (await SurfaceJournal.open(path, digest, true)).append([point(1)]);
    expect(await SurfaceJournal.read(path, 'b'.repeat(64))).toBeNull();
  });

  it('starts a proper journal when asked to resume one that does not exist', async () => {
    const path = join(await temporaryFolder(), 'x.journal');
    const journal = await SurfaceJournal.open(path, digest, false);
    await journal.append([point(2)]);
    expect((await readFile(path)).length).toBe(64 + 20);
    expect((await SurfaceJournal.read(path, digest))?.map((p) => p.index)).toEqual([2]);
  });
});
