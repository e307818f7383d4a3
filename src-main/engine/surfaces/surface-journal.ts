/**
 * An append-only journal of computed surface points beside the output
 * snapshot, so that a killed surface job resumes with no point lost and none
 * computed twice. Each record is a uint32 (point index in the low 28 bits,
 * how it was obtained in the top 4: see POINT_KINDS) and four float32 values
 * (train loss, train accuracy, test loss, test accuracy; NaN where not
 * computed), little-endian. A torn final record is ignored.
 */
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm } from 'node:fs/promises';
import type { PointResult, SurfaceRecipe } from '../../contract.ts';

const RECORD_BYTES = 20;
const INDEX_BITS = 28;
/** done-mask codes of each point kind (contract/surface.ts). */
export const POINT_KINDS = { exact: 1, sampled: 2, interpolated: 3 } as const;
const KIND_BY_CODE = ['exact', 'exact', 'sampled', 'interpolated'] as const;
const HEADER_BYTES = 64;

export function journalPath(out: string, surfaceId: string): string {
  return `${out}.${surfaceId}.journal`;
}

/** Identifies what a journal belongs to: a journal of another recipe is never resumed. */
export function recipeDigest(runId: string, recipe: SurfaceRecipe): string {
  return createHash('sha256').update(JSON.stringify({ runId, recipe })).digest('hex');
}

export function encodePoints(points: readonly PointResult[]): Uint8Array {
  const bytes = new Uint8Array(points.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  points.forEach((point, i) => {
    const at = i * RECORD_BYTES;
    view.setUint32(at, (point.index | (POINT_KINDS[point.kind] << INDEX_BITS)) >>> 0, true);
    view.setFloat32(at + 4, point.trainLoss, true);
    view.setFloat32(at + 8, point.trainAccuracy, true);
    view.setFloat32(at + 12, point.testLoss ?? NaN, true);
    view.setFloat32(at + 16, point.testAccuracy ?? NaN, true);
  });
  return bytes;
}

export class SurfaceJournal {
  private constructor(
    readonly path: string,
    private readonly digest: string,
  ) {}

  /** Opens the journal for appending; starts a new one (with its header) when `fresh` or when no journal of this recipe exists. */
  static async open(path: string, digest: string, fresh: boolean): Promise<SurfaceJournal> {
    if (fresh || (await SurfaceJournal.read(path, digest)) === null) {
      const header = new Uint8Array(HEADER_BYTES);
      header.set(new TextEncoder().encode(digest.slice(0, HEADER_BYTES)));
      await rm(path, { force: true });
      await appendFile(path, header);
    }
    return new SurfaceJournal(path, digest);
  }

  /** Points recorded by an earlier run of the same recipe; null when there is no usable journal. */
  static async read(path: string, digest: string): Promise<PointResult[] | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return null;
    }
    if (bytes.length < HEADER_BYTES) return null;
    const stored = new TextDecoder().decode(bytes.subarray(0, HEADER_BYTES)).replace(/\0+$/, '');
    if (stored !== digest.slice(0, HEADER_BYTES)) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const points: PointResult[] = [];
    for (let at = HEADER_BYTES; at + RECORD_BYTES <= bytes.length; at += RECORD_BYTES) {
      const word = view.getUint32(at, true);
      points.push({
        index: word & ((1 << INDEX_BITS) - 1),
        kind: KIND_BY_CODE[word >>> INDEX_BITS] ?? 'exact',
        trainLoss: view.getFloat32(at + 4, true),
        trainAccuracy: view.getFloat32(at + 8, true),
        testLoss: view.getFloat32(at + 12, true),
        testAccuracy: view.getFloat32(at + 16, true),
      });
    }
    return points;
  }

  async append(points: readonly PointResult[]): Promise<void> {
    if (points.length) await appendFile(this.path, encodePoints(points));
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }

  get recipeDigest(): string {
    return this.digest;
  }
}
