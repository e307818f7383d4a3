/**
 * The study presets as the app lists them: what each compares and how much
 * it trains and computes at each scale. Plain data from the definitions; no
 * TensorFlow.js is loaded for it.
 */
import type { StudyInfo } from '../contract.ts';
import { STUDIES } from '../engine/study/definitions/index.ts';
import { expandStudy } from '../engine/study/expand-study.ts';

export function listStudies(): StudyInfo[] {
  return Object.values(STUDIES).map((definition) => {
    const size = (scale: 'quick' | 'full') => {
      const plan = expandStudy(definition.name, scale);
      return { runs: plan.runs.length, surfaces: plan.surfaces.length };
    };
    return { name: definition.name, title: definition.title, description: definition.question, quick: size('quick'), full: size('full') };
  });
}
