/** Runs one job on an engine process from the CLI, with a progress bar and Ctrl-C as cancel. */
import { EngineJobSchema, type EngineEvent, type EngineJobInput } from '../contract.ts';
import { EngineClient, EngineJobError } from '../engine-client/engine-client.ts';
import { parseOptions } from './option-errors.ts';
import { JOB_FLAGS } from './option-flags.ts';
import { createProgressDisplay } from './progress-bar.ts';

export interface CommonOptions {
  json?: boolean;
  backend?: string;
  progress?: boolean;
}

export async function runEngineJob<R>(
  job: EngineJobInput,
  options: CommonOptions,
  describe: (event: EngineEvent) => string | null = () => null,
): Promise<R> {
  // Checked here, where the options are known: the engine would only log and ignore a malformed job.
  const checked = parseOptions(EngineJobSchema, job, JOB_FLAGS);
  if (options.backend) process.env.LAB_BACKEND = options.backend;
  const interval = Number(process.env.LAB_PROGRESS_INTERVAL_MS);
  const mode = options.progress === false ? 'off' : process.stderr.isTTY ? 'bar' : 'lines';
  const display = createProgressDisplay(mode, Number.isFinite(interval) && interval >= 0 ? interval : 5000);
  const engine = new EngineClient();
  const backend = await engine.ready();
  if (!options.json) display.log(`Engine backend: ${backend.chosen}${backend.attempts.filter((a) => !a.ok).map((a) => `; ${a.backend} skipped: ${a.reason}`).join('')}`);
  const running = engine.run<R>(checked, (event) => {
    if (event.type === 'progress') {
      display.update(event.progress);
      return;
    }
    const line = describe(event);
    if (line && !options.json) display.log(line);
  });
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    display.log('Cancelling… (Ctrl-C again to quit at once)');
    running.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    return await running.result;
  } catch (error) {
    if (error instanceof EngineJobError && error.cancelled) throw new Error('Cancelled; what was finished has been kept.', { cause: error });
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    display.stop();
    engine.dispose();
  }
}
