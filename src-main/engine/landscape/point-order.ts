/**
 * Orders in which a surface's points are computed, and how they are split
 * among workers and shards. Orders are lists of flat point indices
 * (iy·nx + ix); every helper is deterministic, so two processes given the same
 * grid and shard agree on who computes what without talking.
 */
import type { SurfaceGrid } from './grid.ts';
import { centrePoint } from './grid.ts';

/** 0, 1, …, size − 1: the reference's order. */
export function rowMajorOrder(size: number): number[] {
  return Array.from({ length: size }, (_, i) => i);
}

/** Largest power of two ≤ n (1 for n ≤ 1). */
function largestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/**
 * The coarsest stride s (a power of two ≤ `maxStride`) on which coordinate
 * index i lies, counting from `anchor`: the lattice anchor, anchor ± s, ….
 */
function strideLevel(i: number, anchor: number, maxStride: number): number {
  const offset = Math.abs(i - anchor);
  if (offset === 0) return maxStride;
  let s = maxStride;
  while (offset % s !== 0) s /= 2;
  return s;
}

/**
 * Coarse to fine: first the points on the lattice of stride 2^K (every
 * 2^K-th point along each axis), then those new at stride 2^(K−1), …, down to
 * stride 1, so that a surface is seen whole early and refined after. The
 * lattice is anchored at `anchor` (default the point nearest (0, 0): the
 * centre comes first, whatever the grid's size). Within a level: row-major.
 */
export function coarseToFineOrder(grid: SurfaceGrid, anchor?: { ix: number; iy: number }): number[] {
  const a = anchor ?? centrePoint(grid);
  const maxStride = largestPowerOfTwo(Math.max(grid.nx - 1, grid.ny - 1, 1));
  const level = new Float64Array(grid.size);
  for (let iy = 0; iy < grid.ny; iy++) {
    for (let ix = 0; ix < grid.nx; ix++) {
      level[iy * grid.nx + ix] = Math.min(strideLevel(ix, a.ix, maxStride), strideLevel(iy, a.iy, maxStride));
    }
  }
  return rowMajorOrder(grid.size).sort((p, q) => level[q] - level[p] || p - q);
}

/**
 * Shard `shard` of `shards` (0-based): every `shards`-th entry of `order`,
 * starting at `shard`. Interleaved, so each shard covers the whole plane and
 * takes an equal share of every level of a coarse-to-fine order.
 */
export function shardOf(order: readonly number[], shard: number, shards: number): number[] {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`The number of shards must be a positive integer, got ${shards}.`);
  if (!Number.isInteger(shard) || shard < 0 || shard >= shards) throw new Error(`Shard ${shard} is not one of 0…${shards - 1}.`);
  return order.filter((_, k) => k % shards === shard);
}

/** The entries of `order` not yet done (done[p] = 0), keeping their order: what a resumed run computes. */
export function pendingPoints(order: readonly number[], done: Uint8Array): number[] {
  return order.filter((p) => !done[p]);
}
