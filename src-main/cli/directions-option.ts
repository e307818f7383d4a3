/** `surface --directions FILE`: the recipe fields of a plane read from a reference-format direction file. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SurfaceRecipeInput } from '../contract.ts';

export function directionsFileRecipe(file: string | undefined): Pick<SurfaceRecipeInput, 'direction' | 'directionsFile'> | null {
  if (file === undefined) return null;
  const path = resolve(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`--directions: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { direction: 'file', directionsFile: { path, sha256: createHash('sha256').update(bytes).digest('hex') } };
}
