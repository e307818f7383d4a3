import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSpecSchema, type DataSpec } from '../../src-main/contract.ts';
import { clearDatasetCache, evaluationSubset, loadDataset } from '../../src-main/engine/data/load-dataset.ts';
import type { DataProgress } from '../../src-main/engine/data/types.ts';
import { startFileServer } from '../support/file-server.ts';
import { writeCifarFixture, writeIdxFixture } from '../support/fixtures.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-load-'));
});
afterAll(async () => {
  clearDatasetCache();
  await rm(root, { recursive: true, force: true });
});

const spec = (s: Partial<DataSpec>): DataSpec => DataSpecSchema.parse(s);

function channelMeanStd(x: Float32Array, c: number, ch: number): [number, number] {
  let sum = 0;
  let sq = 0;
  const n = x.length / c;
  for (let i = ch; i < x.length; i += c) sum += x[i];
  const mean = sum / n;
  for (let i = ch; i < x.length; i += c) sq += (x[i] - mean) ** 2;
  return [mean, Math.sqrt(sq / n)];
}

describe('loadDataset', () => {
  it('loads an IDX folder with its shape, labels and identity', async () => {
    const dir = join(root, 'my-digits');
    const fixture = await writeIdxFixture(dir, { train: 40, test: 10 });
    const data = await loadDataset(spec({ source: 'idx', path: dir }));
    expect(data.id).toBe('idx');
    expect(data.label).toBe('IDX (my-digits)');
    expect(data.inputShape).toEqual([4, 6, 1]);
    expect(data.classNames).toHaveLength(10);
    expect(Array.from(data.train.y)).toEqual(Array.from(fixture.train.labels));
    expect(data.identity).toMatchObject({ source: 'idx', trainCount: 40, testCount: 10, trainLimit: null, subsetSeed: 0 });
  });

  it('names a Fashion-MNIST folder and its classes', async () => {
    const dir = join(root, 'fashion-mnist');
    await writeIdxFixture(dir, { gzip: true });
    const data = await loadDataset(spec({ source: 'idx', path: dir }));
    expect(data.id).toBe('fashion-mnist');
    expect(data.classNames[9]).toBe('Ankle boot');
  });

  it('loads CIFAR-10 downsampled to 16×16 with per-channel standardisation from the train split', async () => {
    const fixture = await writeCifarFixture(join(root, 'cifar'), { trainPerBatch: 4, test: 6 });
    const data = await loadDataset(spec({ source: 'cifar10', path: fixture.path, downsample: 2 }));
    expect(data.id).toBe('cifar10');
    expect(data.inputShape).toEqual([16, 16, 3]);
    expect(data.train.x.length).toBe(20 * 16 * 16 * 3);
    expect(data.test.count).toBe(6);
    expect(data.stats.mean).toHaveLength(3);
    for (let ch = 0; ch < 3; ch++) {
      const [mean, std] = channelMeanStd(data.train.x, 3, ch);
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(std).toBeCloseTo(1, 4);
    }
    // Test pixels use the training statistics: undoing them gives back the 2×2 block average.
    const raw = fixture.test.images;
    const block = (raw[0] + raw[3] + raw[32 * 3] + raw[33 * 3]) / 4 / 255;
    expect(data.test.x[0] * data.stats.std[0] + data.stats.mean[0]).toBeCloseTo(block, 5);
  });

  it('takes the same seeded subsets every time and other ones for another seed', async () => {
    const dir = join(root, 'subsets');
    await writeIdxFixture(dir, { train: 200, test: 50 });
    const a = await loadDataset(spec({ source: 'idx', path: dir, trainLimit: 30, testLimit: 10, subsetSeed: 4 }));
    const b = await loadDataset(spec({ source: 'idx', path: dir, trainLimit: 30, testLimit: 10, subsetSeed: 4 }));
    const c = await loadDataset(spec({ source: 'idx', path: dir, trainLimit: 30, testLimit: 10, subsetSeed: 5 }));
    expect([a.train.count, a.test.count]).toEqual([30, 10]);
    expect(Array.from(b.train.x)).toEqual(Array.from(a.train.x));
    expect(Array.from(c.train.x)).not.toEqual(Array.from(a.train.x));
    expect(a.identity).toMatchObject({ trainLimit: 30, testLimit: 10, subsetSeed: 4, trainCount: 30, testCount: 10 });
    expect(c.identity.sha256).toBe(a.identity.sha256);
  });

  it('downloads CIFAR-10 into the cache folder when no path is given, then reuses it', async () => {
    const fixture = await writeCifarFixture(join(root, 'served'), { archive: true });
    const archive = await readFile(fixture.path);
    const server = await startFileServer(archive);
    try {
      const cacheDir = join(root, 'user-data');
      const progress: DataProgress[] = [];
      const options = {
        cacheDir,
        cifar10Url: server.url,
        cifar10Md5: createHash('md5').update(archive).digest('hex'),
        onProgress: (p: DataProgress) => progress.push(p),
      };
      const data = await loadDataset(spec({ source: 'cifar10' }), options);
      expect(data.train.count).toBe(fixture.train.count);
      expect(progress.some((p) => p.phase === 'download')).toBe(true);
      expect(progress.at(-1)).toEqual({ phase: 'preprocess', done: 1, total: 1 });
      clearDatasetCache();
      await loadDataset(spec({ source: 'cifar10' }), options);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('explains what is missing when CIFAR-10 has neither a path nor a data folder', async () => {
    await expect(loadDataset(spec({ source: 'cifar10' }))).rejects.toThrow(/needs a data folder/);
    await expect(loadDataset(spec({ source: 'idx' }))).rejects.toThrow(/needs a folder/);
  });

  it('does not remember a failed load, so a fixed folder loads on retry', async () => {
    const dir = join(root, 'later');
    await expect(loadDataset(spec({ source: 'idx', path: dir }))).rejects.toThrow(/cannot be read/);
    await writeIdxFixture(dir);
    await expect(loadDataset(spec({ source: 'idx', path: dir }))).resolves.toMatchObject({ id: 'idx' });
  });

  it('stops before reading when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadDataset(spec({ source: 'mnist' }), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('gives a fixed evaluation subset of a loaded split', async () => {
    const dir = join(root, 'evaluation');
    await writeIdxFixture(dir, { train: 100 });
    const data = await loadDataset(spec({ source: 'idx', path: dir }));
    const subset = evaluationSubset(data.train, 16, 1);
    expect(subset.count).toBe(16);
    const per = 4 * 6;
    const i = subset.indices[3];
    expect(Array.from(subset.x.subarray(3 * per, 4 * per))).toEqual(Array.from(data.train.x.subarray(i * per, (i + 1) * per)));
  });
});
