/**
 * The plane of a `file` surface: a direction file in the reference's format
 * (reference-directions.ts), read for the run's network and checked against
 * the SHA-256 the recipe recorded, so a surface recomputed later (verify,
 * resume, a pool worker) uses the very same directions or says why not.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SurfaceRecipe } from '../../../contract.ts';
import { describeNetwork } from '../network-description.ts';
import { readReferenceDirections, type ImportedDirections } from './reference-directions.ts';

export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** The directions of `recipe.directionsFile` in `model`'s flat weight layout. */
export async function importedPlane(recipe: SurfaceRecipe, model: tfl.LayersModel): Promise<ImportedDirections> {
  const file = recipe.directionsFile;
  if (!file) throw new Error('A surface along a direction file needs the file (recipe.directionsFile, surface --directions FILE).');
  const actual = await sha256OfFile(file.path).catch((error: unknown) => {
    throw new Error(`The direction file ${file.path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (actual !== file.sha256) throw new Error(`The direction file ${file.path} has changed since the surface was set up (SHA-256 ${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…).`);
  const directions = await readReferenceDirections(file.path, describeNetwork(model));
  if (directions.d2 === null && recipe.y !== null) throw new Error(`${file.path} holds one direction (no ydirection): use a 1D surface (--line).`);
  if (directions.d2 !== null && recipe.y === null) return { d1: directions.d1, d2: null };
  return directions;
}
