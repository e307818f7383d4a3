/**
 * Landscape Lab's headless command line: everything the app computes, a
 * script can. Run with `npm run cli -- <command> …`.
 */
import { Command } from 'commander';
import { APP_VERSION } from './app-version.ts';
import { registerExportCommand } from './cli/export-command.ts';
import { registerStudyCommands } from './cli/study-command.ts';
import { registerSurfaceCommands } from './cli/surface-command.ts';
import { registerTrainCommand } from './cli/train-command.ts';

const program = new Command()
  .name('landscape-lab')
  .description('Train networks with different activations, compute and compare their loss landscapes.')
  .version(APP_VERSION)
  .option('--json', 'print a machine-readable summary on stdout')
  .option('--backend <name>', 'force a backend: node-gpu | node | wasm | cpu (TensorFlow.js); for surfaces also onnx | onnx-cpu | onnx-cuda | tfjs (default: ONNX Runtime, then TensorFlow.js)')
  .option('--no-progress', 'no progress bar')
  .showHelpAfterError();

// Global options reach every command's action through optsWithGlobals.
program.hook('preAction', (_root, command) => {
  Object.assign(command.opts(), program.opts());
});

registerTrainCommand(program);
registerSurfaceCommands(program);
registerExportCommand(program);
registerStudyCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
