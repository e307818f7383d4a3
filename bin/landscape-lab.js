#!/usr/bin/env node
// The `landscape-lab` command (`npx landscape-lab surface …`): the TypeScript
// CLI in src-main/cli.ts, loaded through tsx's ESM hook, in this process.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli.ts');
