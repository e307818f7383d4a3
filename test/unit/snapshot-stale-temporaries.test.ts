/**
 * Temporary files left by a save that was killed are removed on the next
 * save or open — only ours (the exact pattern, beside the same target) and
 * only stale ones (a dead pid, or too old).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src-main/engine/snapshot/atomic-write.ts';
import { copyFileAtomic } from '../../src-main/host/atomic-copy.ts';
import { readSnapshot, writeSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { removeStaleTemporaries, STALE_AFTER_MS } from '../../src-main/engine/snapshot/stale-temporaries.ts';
import { makeSnapshot } from './export-fixtures.ts';

/** The pid of a process that has exited. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
let dir: string;
let target: string;

async function files(): Promise<string[]> {
  return (await readdir(dir)).sort();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lab-stale-'));
  target = join(dir, 'demo.lab');
  const kept = [
    `demo.lab.${process.pid}.0badcafe.tmp`, // a save in progress in this process
    `other.lab.${deadPid}.deadbeef.tmp`, // another target's
    `demo.lab.${deadPid}.nothex00.tmp`, // not our pattern
    `demo.lab.${deadPid}.deadbeef.tmp.bak`,
    'demo.lab.bak',
  ];
  for (const name of [...kept, `demo.lab.${deadPid}.deadbeef.tmp`, `demo.lab.${process.pid}.00c0ffee.tmp`]) await writeFile(join(dir, name), 'x');
  // One of this process's own, but an hour old: no save takes that long.
  const hourAgo = new Date(Date.now() - 2 * STALE_AFTER_MS);
  await utimes(join(dir, `demo.lab.${process.pid}.00c0ffee.tmp`), hourAgo, hourAgo);
});

const KEPT = () =>
  [`demo.lab.${process.pid}.0badcafe.tmp`, `other.lab.${deadPid}.deadbeef.tmp`, `demo.lab.${deadPid}.nothex00.tmp`, `demo.lab.${deadPid}.deadbeef.tmp.bak`, 'demo.lab.bak'].sort();

describe('stale temporary files of atomic saves', () => {
  it('are found by the exact pattern: a dead pid or an old file', async () => {
    const removed = await removeStaleTemporaries(target);
    expect(removed.map((p) => p.slice(dir.length + 1)).sort()).toEqual([`demo.lab.${deadPid}.deadbeef.tmp`, `demo.lab.${process.pid}.00c0ffee.tmp`].sort());
    expect(await files()).toEqual(KEPT());
  });

  it('go on the next save', async () => {
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    expect(await files()).toEqual([...KEPT(), 'demo.lab'].sort());
  });

  it("go on the host's next atomic copy, its own dot-prefixed ones too", async () => {
    await writeFile(join(dir, `.demo.lab.${deadPid}.abcdef01.tmp`), 'x');
    const source = join(dir, 'source.bin');
    await writeFile(source, 'data');
    await copyFileAtomic(source, target);
    expect(await files()).toEqual([...KEPT(), 'demo.lab', 'source.bin'].sort());
  });

  it('go on the next save or open of a snapshot', async () => {
    await writeSnapshot(target, { ...makeSnapshot([]), runs: [] });
    await writeFile(join(dir, `demo.lab.${deadPid}.feedface.tmp`), 'x');
    await readSnapshot(target);
    expect(await files()).toEqual([...KEPT(), 'demo.lab'].sort());
  });
});
