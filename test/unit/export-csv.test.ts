import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSurfaceCsv, formatFloat32, writeSurfaceCsv } from '../../src-main/engine/snapshot/export-csv.ts';
import { X4, Y3, accuracyAt, lossAt, makeSurface, temporaryFolder } from './export-fixtures.ts';

/** Parses our CSV back: header and rows of numbers (null for an empty cell). */
function parseCsv(text: string): { header: string[]; rows: (number | null)[][] } {
  expect(text.endsWith('\n')).toBe(true);
  const [head, ...lines] = text.trimEnd().split('\n');
  const cell = (s: string): number | null =>
    s === '' ? null : s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
  return { header: head.split(','), rows: lines.map((line) => line.split(',').map(cell)) };
}

describe('surface CSV export', () => {
  it('has one row per grid point, y outer and x inner, with the reference column names', () => {
    const { header, rows } = parseCsv(encodeSurfaceCsv(makeSurface()));
    expect(header).toEqual(['x', 'y', 'train_loss', 'train_acc']);
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 5).map((r) => [r[0], r[1]])).toEqual([
      [X4[0], Y3[0]],
      [X4[1], Y3[0]],
      [X4[2], Y3[0]],
      [X4[3], Y3[0]],
      [X4[0], Y3[1]],
    ]);
  });

  it('round-trips every float32 value exactly and gives accuracy in percent', () => {
    const surface = makeSurface({ withTest: true });
    const { header, rows } = parseCsv(encodeSurfaceCsv(surface));
    expect(header).toEqual(['x', 'y', 'train_loss', 'train_acc', 'test_loss', 'test_acc']);
    // Read back as float32 (as numpy's dtype=float32 would), every value is the stored one.
    const asFloat32 = (cell: number | null): number => Math.fround(cell ?? NaN);
    rows.forEach((row, i) => {
      expect(asFloat32(row[2])).toBe(surface.values.trainLoss[i]);
      expect(asFloat32(row[3])).toBe(Math.fround(surface.values.trainAccuracy[i] * 100));
      expect(asFloat32(row[4])).toBe(surface.values.testLoss?.[i]);
    });
    expect(asFloat32(rows[7][2])).toBe(Math.fround(lossAt(X4[3], Y3[1])));
    expect(rows[7][3]).toBeCloseTo(100 * accuracyAt(X4[3], Y3[1]), 4);
  });

  it('writes nan, inf and -inf for non-finite values and empty cells for unfinished points', () => {
    const surface = makeSurface({ unfinished: [5] });
    surface.values.trainLoss[0] = NaN;
    surface.values.trainLoss[1] = Infinity;
    surface.values.trainLoss[2] = -Infinity;
    const lines = encodeSurfaceCsv(surface).split('\n');
    expect(lines[1].split(',')[2]).toBe('nan');
    expect(lines[2].split(',')[2]).toBe('inf');
    expect(lines[3].split(',')[2]).toBe('-inf');
    expect(lines[6].split(',').slice(2)).toEqual(['', '']);
  });

  it('drops the y column for a 1D line', () => {
    const { header, rows } = parseCsv(encodeSurfaceCsv(makeSurface({ yCoordinates: [] })));
    expect(header).toEqual(['x', 'train_loss', 'train_acc']);
    expect(rows.map((r) => r[0])).toEqual(X4);
    expect(Math.fround(rows[2][1] ?? NaN)).toBe(Math.fround(lossAt(X4[2], 0)));
  });

  it('formats a float32 with the fewest digits that read back the same', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(2.302585))).toBe('2.302585');
    const awkward = Math.fround(1 / 3);
    expect(Math.fround(Number(formatFloat32(awkward)))).toBe(awkward);
  });

  it('writes the CSV to a path', async () => {
    const folder = await temporaryFolder();
    try {
      const path = join(folder.dir, 'surface.csv');
      await writeSurfaceCsv(path, makeSurface());
      expect(await readFile(path, 'utf8')).toBe(encodeSurfaceCsv(makeSurface()));
    } finally {
      await folder.remove();
    }
  });
});
