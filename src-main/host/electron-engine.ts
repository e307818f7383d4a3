/**
 * The engine as an Electron utility process: a Node process Electron starts
 * and supervises, with structured-clone messaging. The engine entry talks to
 * it through `process.parentPort`.
 */
import { utilityProcess } from 'electron';
import type { EngineSpawner } from '../engine-client/engine-spawn.ts';

/** A spawner for EngineClient that forks `enginePath` (out/main/engine.js) as a utility process. */
export function utilityProcessSpawner(enginePath: string): EngineSpawner {
  return () => {
    const child = utilityProcess.fork(enginePath, [], { serviceName: 'Landscape Lab engine', stdio: 'inherit', env: process.env });
    let exited = false;
    return {
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.on('exit', (code) => {
          exited = true;
          listener(code, code === 3 ? 'no TensorFlow.js backend could start' : `the engine process stopped (exit code ${code})`);
        }),
      kill: () => {
        exited = true;
        child.kill();
      },
    };
  };
}
