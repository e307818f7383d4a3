/**
 * The import-direction check `npm run lint` runs (dependency-cruiser with
 * .config/dependency-cruiser.cjs): on a small tree laid out like this
 * repository, the allowed edges pass and each forbidden one — an upward
 * import, a cycle through type-only imports, a renderer reaching past the
 * contract — makes it fail, naming the rule and the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const REPOSITORY = resolve(import.meta.dirname, '..', '..');
const CONFIG = join(REPOSITORY, '.config', 'dependency-cruiser.cjs');
const DEPCRUISE = join(REPOSITORY, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** The modules every fixture has, importing only the way the layers allow. */
const ALLOWED: Record<string, string> = {
  'src-main/contract.ts': "export * from './contract/app.ts';\n",
  'src-main/contract/app.ts': 'export type Job = { id: string };\n',
  'src-main/app-version.ts': "export const APP_VERSION = '0';\n",
  'src-main/engine-client/engine-client.ts': "import type { Job } from '../contract.ts';\nexport class EngineClient { run(_job: Job): void {} }\n",
  'src-main/engine/surfaces/worker-pool.ts':
    "import { EngineClient } from '../../engine-client/engine-client.ts';\nimport { APP_VERSION } from '../../app-version.ts';\nexport const pool = [new EngineClient(), APP_VERSION];\n",
  'src-main/host/app-events.ts': "import type { Job } from '../contract.ts';\nexport type AppEvent = { job: Job };\n",
  'src-main/host/job-tracker.ts': "import type { AppEvent } from './app-events.ts';\nimport { pool } from '../engine/surfaces/worker-pool.ts';\nexport const track = (e: AppEvent) => [e, pool];\n",
  'src-main/host/app-service.ts': "import type { AppEvent } from './app-events.ts';\nimport { track } from './job-tracker.ts';\nexport const serve = (e: AppEvent) => track(e);\n",
  'src-main/main.ts': "import { serve } from './host/app-service.ts';\nexport default serve;\n",
  'src-renderer/lib/api.ts': "import type { Job } from '../../src-main/contract/app.ts';\nexport const jobs: Job[] = [];\n",
};

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function cruise(overrides: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'lab-imports-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ ...ALLOWED, ...overrides })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, 'src-main', 'src-renderer'], { cwd: root, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('import-direction check', () => {
  it('passes a tree whose imports point down: contract ← engine-client ← engine ← host ← main', () => {
    const result = cruise({});
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it('fails when the engine imports from the host (the old worker-pool → host/engine-client edge)', () => {
    const result = cruise({
      'src-main/host/engine-client.ts': 'export class EngineClient {}\n',
      'src-main/engine/surfaces/worker-pool.ts': "import type { EngineClient } from '../../host/engine-client.ts';\nexport type Pool = EngineClient[];\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/engine-below-host: src-main\/engine\/surfaces\/worker-pool\.ts → src-main\/host\/engine-client\.ts/);
  });

  it('fails on a cycle made of type-only imports (the old app-service ↔ job-tracker loop)', () => {
    const result = cruise({
      'src-main/host/job-tracker.ts': "import type { AppEvent } from './app-service.ts';\nexport const track = (e: AppEvent) => e;\n",
      'src-main/host/app-service.ts': "import { track } from './job-tracker.ts';\nexport type AppEvent = { name: string };\nexport const serve = (e: AppEvent) => track(e);\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/no-cycle: src-main\/host\/(job-tracker|app-service)\.ts/);
  });

  it('fails when the process client, the contract or the renderer import above their layer', () => {
    const result = cruise({
      'src-main/engine-client/engine-client.ts': "import { pool } from '../engine/surfaces/worker-pool.ts';\nexport class EngineClient { p = pool; }\n",
      'src-main/contract/app.ts': "import { APP_VERSION } from '../app-version.ts';\nexport type Job = { id: typeof APP_VERSION };\n",
      'src-renderer/lib/api.ts': "import type { AppEvent } from '../../src-main/host/app-events.ts';\nexport const events: AppEvent[] = [];\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('engine-client-below-engine-and-host: src-main/engine-client/engine-client.ts');
    expect(result.output).toContain('contract-imports-only-contract: src-main/contract/app.ts');
    expect(result.output).toContain('renderer-knows-only-the-contract: src-renderer/lib/api.ts');
  });
});
