import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSurface } from '../../src-main/engine/snapshot/export-surface.ts';
import { makeSnapshot, makeSurface, temporaryFolder } from './export-fixtures.ts';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  await folder.remove();
});

const snapshot = makeSnapshot([
  makeSurface({ id: 'first' }),
  makeSurface({ id: 'line', yCoordinates: [] }),
]);

describe('exportSurface', () => {
  it('exports the first surface when no id is given and returns the absolute path written', async () => {
    const path = await exportSurface(snapshot, undefined, 'csv', join(folder.dir, 'first.csv'));
    expect(path).toBe(join(folder.dir, 'first.csv'));
    expect((await readFile(path, 'utf8')).split('\n')[0]).toBe('x,y,train_loss,train_acc');
  });

  it('exports the surface named by its id', async () => {
    const path = await exportSurface(snapshot, 'line', 'csv', join(folder.dir, 'line.csv'));
    expect((await readFile(path, 'utf8')).split('\n')[0]).toBe('x,train_loss,train_acc');
  });

  it('writes h5 and vtp files and an npy folder', async () => {
    const h5 = await exportSurface(snapshot, 'first', 'h5', join(folder.dir, 'first.h5'));
    expect(Array.from((await readFile(h5)).subarray(0, 8))).toEqual([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
    const vtp = await exportSurface(snapshot, 'first', 'vtp', join(folder.dir, 'first.vtp'), { vtp: { log: true } });
    expect(await readFile(vtp, 'utf8')).toContain('<VTKFile type="PolyData"');
    const npy = await exportSurface(snapshot, 'first', 'npy', join(folder.dir, 'first-npy'));
    expect((await stat(join(npy, 'train_loss.npy'))).isFile()).toBe(true);
    expect(JSON.parse(await readFile(join(npy, 'index.json'), 'utf8')).surface.id).toBe('first');
  });

  it('names the snapshot, the missing surface and the ones it has', async () => {
    await expect(exportSurface(snapshot, 'nope', 'h5', join(folder.dir, 'x.h5'))).rejects.toThrow(
      'Snapshot "demo" has no surface "nope" (it has: first, line).',
    );
  });

  it('says when a snapshot has no surfaces at all', async () => {
    await expect(exportSurface(makeSnapshot([]), undefined, 'csv', join(folder.dir, 'x.csv'))).rejects.toThrow(
      'Snapshot "demo" has no surfaces to export.',
    );
  });

  it('names the surface and the path when the file cannot be written', async () => {
    const target = join(folder.dir, 'missing-folder', 'x.csv');
    await expect(exportSurface(snapshot, 'first', 'csv', target)).rejects.toThrow(/Surface "first": could not write csv to .*missing-folder/);
  });
});
