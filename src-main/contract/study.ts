/**
 * Study schemas: the study presets that re-run the claims of the study
 * (`survey`, `batchnorm`, `table2`, `smoothing`), the scales they run at, and
 * the record a study leaves in its snapshot so its report can be rebuilt
 * from the `.lab` file alone.
 */
import { z } from 'zod';

export const StudyNameSchema = z.enum(['survey', 'batchnorm', 'table2', 'smoothing']);
export type StudyName = z.infer<typeof StudyNameSchema>;

/**
 * `quick`: built-in MNIST, a small preset and subset, for a 2-core machine;
 * `full`: the study's setting (CIFAR-10, `seed` preset), a GPU job;
 * `tiny`: seconds, for tests (not offered in the app).
 */
export const StudyScaleSchema = z.enum(['quick', 'full', 'tiny']);
export type StudyScale = z.infer<typeof StudyScaleSchema>;

export const MachineInfoSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int().nonnegative(),
  memoryGiB: z.number().nonnegative(),
  platform: z.string(),
  node: z.string(),
});
export type MachineInfo = z.infer<typeof MachineInfoSchema>;

/** What `snapshot.json` records about the study that produced the snapshot. */
export const StudyRecordSchema = z.object({
  name: StudyNameSchema,
  scale: StudyScaleSchema,
  seeds: z.array(z.number().int()),
  /** Engine processes that shared the trainings and surfaces. */
  workers: z.number().int().positive(),
  startedAt: z.string(),
  seconds: z.object({
    /** Wall-clock time of the whole study, data loading to report. */
    total: z.number().nonnegative(),
    /** Summed over workers: time spent training, and computing surfaces. */
    training: z.number().nonnegative(),
    surfaces: z.number().nonnegative(),
  }),
  machine: MachineInfoSchema,
  backend: z.string(),
});
export type StudyRecord = z.infer<typeof StudyRecordSchema>;

/** What the app lists about a study preset. */
export interface StudyInfo {
  name: StudyName;
  title: string;
  description: string;
  /** Trainings and surfaces at quick scale (with its default seeds). */
  quick: { runs: number; surfaces: number };
  full: { runs: number; surfaces: number };
}
