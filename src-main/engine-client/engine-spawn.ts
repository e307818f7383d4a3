/**
 * Starting an engine process. Under plain Node it is a `child_process.fork`
 * child; Electron's main process passes its own spawner (utilityProcess).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EngineChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, reason: string) => void): void;
  kill(): void;
}

export type EngineSpawner = () => EngineChannel;

/**
 * Where the engine's entry is: the TypeScript source when running from
 * source (tsx, tests), or `engine.js` beside the bundled host.
 */
export function engineEntry(): { path: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // tsx resolved from here, not from the working folder: `npx landscape-lab` runs from anywhere.
    return { path: join(dirname(here), '..', 'engine', 'engine-process.ts'), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  const bundled = join(dirname(here), 'engine.js');
  if (!existsSync(bundled)) throw new Error(`Engine entry not found at ${bundled}; run the build first.`);
  return { path: bundled, execArgv: [] };
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === 3) return 'no TensorFlow.js backend could start';
  return `exit code ${code}`;
}

export const forkEngine: EngineSpawner = () => {
  const entry = engineEntry();
  const child = fork(entry.path, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Inside Electron (the utilityProcess starting pool workers) process.execPath is Electron itself.
    env: process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env,
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message as never);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, describeExit(code, signal))),
    kill: () => child.kill(),
  };
};
