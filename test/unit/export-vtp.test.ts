import { describe, expect, it } from 'vitest';
import { encodeSurfaceVtp } from '../../src-main/engine/snapshot/export-vtp.ts';
import { X4, Y3, lossAt, makeSurface } from './export-fixtures.ts';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Element[];
}

/** A tiny XML reader for our own output: elements, attributes and text; throws on a mismatched tag. */
function parseXml(xml: string): Element {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root: Element = { name: '#root', attributes: {}, text: '', children: [] };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (const match of body.matchAll(tag)) {
    const [, closing, name, rest, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      top.text += text.trim();
    } else if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes = Object.fromEntries([...rest.matchAll(/([A-Za-z_]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      const element: Element = { name, attributes, text: '', children: [] };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  return root.children[0];
}

const find = (element: Element, name: string): Element => {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`no <${name}> in <${element.name}>`);
  return found;
};

/** Decodes an inline binary DataArray: base64 of a UInt32 byte count followed by the values. */
function decode(array: Element): number[] {
  const bytes = Buffer.from(array.text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byteCount = view.getUint32(0, true);
  expect(bytes.length).toBe(4 + byteCount);
  const type = array.attributes['type'];
  const size = type === 'UInt8' ? 1 : 4;
  return Array.from({ length: byteCount / size }, (_, i) =>
    type === 'Float32' ? view.getFloat32(4 + 4 * i, true) : type === 'Int32' ? view.getInt32(4 + 4 * i, true) : view.getUint8(4 + i),
  );
}

function readVtp(xml: string) {
  const file = parseXml(xml);
  const piece = find(find(file, 'PolyData'), 'Piece');
  const arrays = (parent: Element): Record<string, Element> =>
    Object.fromEntries(parent.children.map((c) => [c.attributes['Name'], c]));
  return {
    file,
    piece,
    pointData: arrays(find(piece, 'PointData')),
    points: decode(find(find(piece, 'Points'), 'DataArray')),
    cells: (name: string) => arrays(find(piece, name)),
  };
}

describe('surface VTK PolyData export', () => {
  it('is a well-formed VTKFile PolyData document with one point per grid point and one quad per grid cell', () => {
    const { file, piece, cells } = readVtp(encodeSurfaceVtp(makeSurface()));
    expect(file.name).toBe('VTKFile');
    expect(file.attributes).toMatchObject({ type: 'PolyData', version: '0.1', byte_order: 'LittleEndian' });
    expect(piece.attributes).toMatchObject({ NumberOfPoints: '12', NumberOfPolys: '6', NumberOfLines: '0' });
    const polys = cells('Polys');
    expect(polys['connectivity'].attributes['type']).toBe('Int32');
    expect(decode(polys['offsets'])).toEqual([4, 8, 12, 16, 20, 24]);
    // First quad: (ix 0, iy 0) → (1, 0) → (1, 1) → (0, 1), counter-clockwise seen from +z.
    expect(decode(polys['connectivity']).slice(0, 4)).toEqual([0, 1, 5, 4]);
  });

  it('places each point at (x, y, loss) and keeps the arrays as point data', () => {
    const { points, pointData } = readVtp(encodeSurfaceVtp(makeSurface({ withTest: true })));
    expect(Object.keys(pointData)).toEqual(['train_loss', 'train_acc', 'test_loss', 'test_acc', 'height', 'done']);
    const point = (i: number): number[] => points.slice(3 * i, 3 * i + 3);
    expect(point(2 * 4 + 1)).toEqual([Math.fround(X4[1]), Math.fround(Y3[2]), Math.fround(lossAt(X4[1], Y3[2]))]);
    expect(decode(pointData['train_loss'])[2 * 4 + 1]).toBe(Math.fround(lossAt(X4[1], Y3[2])));
    expect(decode(pointData['train_acc'])[0]).toBeCloseTo(100 * 0.32, 4);
  });

  it('draws non-finite losses at the largest finite height but keeps their true values in the data', () => {
    const surface = makeSurface();
    surface.values.trainLoss[0] = Infinity;
    surface.values.trainLoss[1] = NaN;
    const { points, pointData } = readVtp(encodeSurfaceVtp(surface));
    const highest = Math.fround(lossAt(1, 0.4));
    expect([points[2], points[5]]).toEqual([highest, highest]);
    const loss = decode(pointData['train_loss']);
    expect(loss[0]).toBe(Infinity);
    expect(loss[1]).toBeNaN();
  });

  it('applies the reference’s zmax clamp, then ln(z + 0.1), then the z scale', () => {
    const { points, pointData } = readVtp(encodeSurfaceVtp(makeSurface(), { zMax: 8, log: true, zScale: 2 }));
    const z = (i: number): number => points[3 * i + 2];
    expect(z(0)).toBeCloseTo(2 * Math.log(Math.fround(lossAt(-1, -0.4)) + 0.1), 5);
    expect(z(11)).toBeCloseTo(2 * Math.log(8 + 0.1), 5);
    expect(decode(pointData['train_loss'])[11]).toBe(Math.fround(lossAt(1, 0.4)));
  });

  it('leaves out cells that touch an unfinished point and marks the point NaN with done = 0', () => {
    const { piece, pointData, cells } = readVtp(encodeSurfaceVtp(makeSurface({ unfinished: [5] })));
    // Point 5 (ix 1, iy 1) is a corner of four of the six quads.
    expect(piece.attributes['NumberOfPolys']).toBe('2');
    expect(decode(cells('Polys')['connectivity'])).toEqual([2, 3, 7, 6, 6, 7, 11, 10]);
    expect(decode(pointData['train_loss'])[5]).toBeNaN();
    expect(decode(pointData['done'])[5]).toBe(0);
  });

  it('writes a 1D line as segments on the x axis', () => {
    const { piece, points, cells } = readVtp(encodeSurfaceVtp(makeSurface({ yCoordinates: [] })));
    expect(piece.attributes).toMatchObject({ NumberOfPoints: '4', NumberOfLines: '3', NumberOfPolys: '0' });
    expect(decode(cells('Lines')['connectivity'])).toEqual([0, 1, 1, 2, 2, 3]);
    expect(points.slice(3, 6)).toEqual([Math.fround(X4[1]), 0, Math.fround(lossAt(X4[1], 0))]);
  });

  it('refuses to draw an array the surface does not have', () => {
    expect(() => encodeSurfaceVtp(makeSurface({ id: 'train-only' }), { height: 'testLoss' })).toThrow(/Surface "train-only": no testLoss values/);
  });
});
