/** The four study presets, by name. */
import type { StudyName } from '../../../contract.ts';
import type { StudyDefinition } from '../study-types.ts';
import { BATCHNORM_STUDY } from './batchnorm.ts';
import { SMOOTHING_STUDY } from './smoothing.ts';
import { SURVEY_STUDY } from './survey.ts';
import { TABLE2_STUDY } from './table2.ts';

export const STUDIES: Record<StudyName, StudyDefinition> = {
  survey: SURVEY_STUDY,
  batchnorm: BATCHNORM_STUDY,
  table2: TABLE2_STUDY,
  smoothing: SMOOTHING_STUDY,
};

export function studyDefinition(name: StudyName): StudyDefinition {
  return STUDIES[name];
}
