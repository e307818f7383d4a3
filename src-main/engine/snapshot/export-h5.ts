/**
 * A surface as an HDF5 file in the reference loss-landscape layout (Li et al.
 * 2018, github.com/tomgoldstein/loss-landscape, `plot_surface.py`), so its
 * `plot_2D.py`, `plot_1D.py` and `h52vtp.py` open our files unchanged:
 *
 *   xcoordinates  float64 [nx]
 *   ycoordinates  float64 [ny]        (planes only)
 *   train_loss    float64 [ny, nx]    ([nx] for a line)
 *   train_acc     float64 [ny, nx]    percent, 0–100
 *   test_loss, test_acc               (when computed)
 *   dir_file      string              (only when a directions file is named)
 *   root attributes (the reference reads none; they say how the file was made):
 *     app_version, backend, seconds, workers, direction, norm, ignore, seed,
 *     grid ("51x51"), eval_count, eval_seed, mode, recipe (JSON), and
 *     data (JSON: data set spec and identity) when given;
 *   landscape_lab/                    our extras, which the reference never reads:
 *     attributes app_version, surface_id, run_id, label, created_at,
 *     recipe / metrics / pca / measured_error / timing (JSON text), notes, and for an
 *     evolution frame trajectory (the run's checkpoints in the frame's plane coordinates);
 *     dataset done uint8, same shape as train_loss (1 = computed).
 *
 * Unfinished points hold −1, as the reference initialises them
 * (`losses = -np.ones(shape)`) and its scheduler resumes every entry ≤ 0.
 * Non-finite values are stored as they are (NaN, ±Inf).
 *
 * Orientation — the arrays are [y][x]: row iy, column ix, Z[iy, ix] = the
 * value at (xcoordinates[ix], ycoordinates[iy]). Why this is the reference's:
 * its `crunch` fills `losses.ravel()[ind]` at the point whose coordinates are
 * `np.meshgrid(xcoordinates, ycoordinates)` ravelled at `ind`; meshgrid's
 * default 'xy' indexing makes arrays of shape (ny, nx) with X[iy, ix] = x[ix],
 * so flat index k holds the point (x[k mod nx], y[k div nx]) — x varies
 * fastest, exactly our Z[y][x] storage. The reference declares the array as
 * (len(x), len(y)), which for its square grids is the same (ny, nx). Its
 * `plot_2d_contour` draws `contour(X, Y, Z)` with X, Y = meshgrid(x, y) of
 * shape (ny, nx), which pairs Z[iy, ix] with (x[ix], y[iy]); `h52vtp` ravels Z
 * beside the ravelled meshgrid, the same pairing. So we write our buffer
 * unchanged with shape (ny, nx): byte-identical to the reference for square
 * grids, and for non-square grids the one shape matplotlib accepts there
 * (the reference's own (nx, ny) declaration is rejected by `contour` when
 * nx ≠ ny). Accuracy is converted to percent because `evaluation.eval_loss`
 * returns `100.*correct/total`; the float64 dtype matches `np.ones`.
 */
import type { SurfaceData } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { encodeH5, setJsonAttribute, type H5File } from './export-h5-file.ts';
import { exportGrid, withUnfinishedMarked } from './export-grid.ts';

export interface SurfaceH5Options {
  /** Name of a companion directions file (see export-directions-h5.ts), stored as the reference's `dir_file`. */
  directionsFile?: string;
  /** The data set the surface was evaluated on (spec and identity), stored as the `data` attribute. */
  data?: unknown;
}

function writeRootAttributes(file: H5File, surface: SurfaceData, data: unknown): void {
  const { recipe, timing } = surface;
  file.create_attribute('app_version', APP_VERSION);
  file.create_attribute('backend', timing.backend);
  file.create_attribute('seconds', timing.seconds);
  file.create_attribute('workers', timing.workers);
  file.create_attribute('direction', recipe.direction);
  file.create_attribute('norm', recipe.normalization);
  file.create_attribute('ignore', recipe.ignore);
  file.create_attribute('seed', recipe.seed);
  file.create_attribute('grid', recipe.y ? `${recipe.x.num}x${recipe.y.num}` : String(recipe.x.num));
  file.create_attribute('eval_count', recipe.evaluation.count);
  file.create_attribute('eval_seed', recipe.evaluation.seed);
  file.create_attribute('mode', recipe.mode.kind === 'fast' ? `fast (tolerance ${recipe.mode.tolerance})` : 'exact');
  setJsonAttribute(file, 'recipe', recipe);
  if (data !== undefined) setJsonAttribute(file, 'data', data);
}

/** Encodes a surface as reference-layout HDF5 bytes. */
export async function encodeSurfaceH5(surface: SurfaceData, options: SurfaceH5Options = {}): Promise<Uint8Array> {
  const grid = exportGrid(surface);
  return encodeH5((file: H5File) => {
    if (options.directionsFile !== undefined) file.create_dataset({ name: 'dir_file', data: options.directionsFile });
    writeRootAttributes(file, surface, options.data);
    file.create_dataset({ name: 'xcoordinates', data: Float64Array.from(grid.xCoordinates), shape: [grid.nx], dtype: '<d' });
    if (grid.is2D) {
      file.create_dataset({ name: 'ycoordinates', data: Float64Array.from(grid.yCoordinates), shape: [grid.ny], dtype: '<d' });
    }
    for (const array of grid.arrays) {
      const data = Float64Array.from(withUnfinishedMarked(grid, array));
      file.create_dataset({ name: array.name, data, shape: grid.shape, dtype: '<d' });
    }

    const extras = file.create_group('landscape_lab');
    extras.create_attribute('app_version', APP_VERSION);
    extras.create_attribute('surface_id', surface.id);
    extras.create_attribute('run_id', surface.runId);
    extras.create_attribute('label', surface.label);
    extras.create_attribute('created_at', surface.createdAt);
    setJsonAttribute(extras, 'recipe', surface.recipe);
    setJsonAttribute(extras, 'metrics', surface.metrics);
    setJsonAttribute(extras, 'pca', surface.pca);
    if (surface.trajectory) setJsonAttribute(extras, 'trajectory', surface.trajectory);
    setJsonAttribute(extras, 'measured_error', surface.measuredError);
    setJsonAttribute(extras, 'timing', surface.timing);
    extras.create_attribute(
      'notes',
      'Arrays are [y][x] (row = y index, column = x index); accuracy in percent; -1 marks an unfinished point, ' +
        'and done (1 = computed) says so without ambiguity.',
    );
    extras.create_dataset({ name: 'done', data: Uint8Array.from(grid.done), shape: grid.shape, dtype: '<B' });
  });
}

/** Writes a surface as reference-layout HDF5 to `path`, atomically. */
export async function writeSurfaceH5(path: string, surface: SurfaceData, options: SurfaceH5Options = {}): Promise<void> {
  await writeFileAtomic(path, await encodeSurfaceH5(surface, options));
}
