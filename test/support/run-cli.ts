/** Runs the CLI as a user would: a separate Node process, through the engine process (and its pool), on wasm. */
import { spawn } from 'node:child_process';

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `shouldKill`, polled every 50 ms, kills the CLI with SIGKILL when it returns true (a crash mid-job). */
export function runCli(args: string[], shouldKill?: () => boolean, env: Record<string, string> = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli.ts', ...args], { env: { ...process.env, LAB_BACKEND: 'wasm', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = shouldKill ? setInterval(() => shouldKill() && child.kill('SIGKILL'), 50) : null;
    child.on('exit', (code) => {
      if (poll) clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}
