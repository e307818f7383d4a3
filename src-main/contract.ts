/**
 * The typed contract between the renderer, the hosts (Electron main, web host),
 * the engine process and the files on disk. Everything that crosses a process
 * boundary or comes from disk has a runtime schema here; the renderer imports
 * only types from this module.
 */
export * from './contract/experiment.ts';
export * from './contract/surface.ts';
export * from './contract/study.ts';
export * from './contract/snapshot.ts';
export * from './contract/checkpoints.ts';
export * from './contract/batch-loss.ts';
export * from './contract/engine.ts';
export * from './contract/app.ts';
export * from './contract/wire.ts';
