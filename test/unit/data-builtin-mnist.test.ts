import { describe, expect, it } from 'vitest';
import { DataSpecSchema } from '../../src-main/contract.ts';
import { loadBuiltinMnist } from '../../src-main/engine/data/builtin-mnist.ts';
import { loadDataset, loadRawDataset } from '../../src-main/engine/data/load-dataset.ts';

describe('the built-in MNIST', () => {
  it('has 60000 training and 10000 test images of 28×28×1 with all ten classes', async () => {
    const raw = await loadBuiltinMnist();
    expect([raw.train.count, raw.test.count]).toEqual([60000, 10000]);
    expect([raw.height, raw.width, raw.channels]).toEqual([28, 28, 1]);
    expect(raw.train.images.length).toBe(60000 * 784);
    for (const split of [raw.train, raw.test]) {
      const counts = new Array<number>(10).fill(0);
      for (const label of split.labels) counts[label]++;
      // Every digit holds roughly a tenth of the split (MNIST's rarest, 5, has 9 %).
      for (const c of counts) expect(c / split.count).toBeGreaterThan(0.08);
    }
    expect(raw.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loads standardised and ready to train, with the statistics kept', async () => {
    const started = performance.now();
    const data = await loadDataset(DataSpecSchema.parse({ source: 'mnist' }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`built-in MNIST: loaded and preprocessed in ${seconds.toFixed(2)} s`);
    expect(data.id).toBe('mnist');
    expect(data.inputShape).toEqual([28, 28, 1]);
    expect(data.numClasses).toBe(10);
    expect(data.train.x.length).toBe(60000 * 784);
    expect(data.stats.mean[0]).toBeCloseTo(0.1307, 3);
    expect(data.stats.std[0]).toBeCloseTo(0.3081, 3);
    let sum = 0;
    let sq = 0;
    for (const v of data.train.x) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / data.train.x.length;
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(Math.sqrt(sq / data.train.x.length - mean * mean)).toBeCloseTo(1, 4);
    expect(data.identity).toMatchObject({ source: 'mnist', trainCount: 60000, testCount: 10000, trainLimit: null, downsample: 1 });
  });

  it('parses once per process: a second load reuses the parsed set', async () => {
    const spec = DataSpecSchema.parse({ source: 'mnist', trainLimit: 500, testLimit: 100 });
    const a = await loadRawDataset(spec);
    const started = performance.now();
    const b = await loadRawDataset(spec);
    expect(b).toBe(a);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('returns the prepared set itself when the same spec loads again', async () => {
    const spec = DataSpecSchema.parse({ source: 'mnist', trainLimit: 300, testLimit: 100, subsetSeed: 2 });
    const first = await loadDataset(spec);
    expect(await loadDataset({ ...spec })).toBe(first);
    const other = await loadDataset({ ...spec, subsetSeed: 3 });
    expect(other).not.toBe(first);
    expect(other.train.count).toBe(300);
  });
});
