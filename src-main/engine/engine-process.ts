/**
 * Entry point of the engine process: owns TensorFlow.js, runs jobs sent by a
 * host, streams their events back. It runs as a child_process.fork child
 * under Node (CLI, web host, tests) or as an Electron utilityProcess.
 */
import { EngineRequestSchema, type EngineEvent } from '../contract.ts';
import { chooseBackend } from './backend.ts';
import { createJobContext, JobCancelled } from './jobs/job-context.ts';
import { runJob } from './jobs/run-job.ts';
import './jobs/register-all-jobs.ts';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(event: EngineEvent): void {
  if (parentPort) parentPort.postMessage(event);
  else process.send?.(event);
}

function onMessage(listener: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

const running = new Map<string, AbortController>();

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

async function start(jobId: string, job: Parameters<typeof runJob>[0]): Promise<void> {
  const controller = new AbortController();
  running.set(jobId, controller);
  const context = createJobContext(jobId, send, controller.signal);
  try {
    const result = await runJob(job, context);
    send({ type: 'result', jobId, result });
  } catch (error) {
    const cancelled = error instanceof JobCancelled || controller.signal.aborted;
    if (!cancelled && process.env.LAB_DEBUG) console.error(error);
    send({ type: 'error', jobId, message: cancelled ? 'Cancelled.' : describeError(error), cancelled });
  } finally {
    running.delete(jobId);
  }
}

const backend = await chooseBackend(process.env.LAB_BACKEND || null).catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(3);
});

onMessage((message) => {
  const parsed = EngineRequestSchema.safeParse(message);
  if (!parsed.success) {
    console.error(`engine: ignored a malformed request: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`);
    return;
  }
  const request = parsed.data;
  if (request.type === 'cancel') {
    running.get(request.jobId)?.abort();
    return;
  }
  void start(request.jobId, request.job);
});

if (!parentPort) process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid, backend });
