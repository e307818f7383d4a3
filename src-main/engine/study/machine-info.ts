/** The machine a study ran on, for its report. */
import { availableParallelism, cpus, totalmem } from 'node:os';
import type { MachineInfo } from '../../contract.ts';

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() || 'unknown CPU',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}
