/**
 * Hostile files against the readers, each read in a child process whose peak
 * memory is measured: a forged tar header, a .lab zip bomb, an IDX .gz bomb.
 * Each must give a one-line error naming the file, quickly, under 1 GiB.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipOfRaw, tarWithSizeField, zerosDeflateRaw, zipOfRawEntries } from '../support/hostile-files.ts';
import { readInChild } from '../support/peak-memory.ts';

const GiB = 1024 ** 3;
const MAX_PEAK = GiB;
let dir: string;
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lab-hostile-'));
});

function manifestOf(entries: Record<string, string>): Uint8Array {
  const manifest = { format: 'landscape-lab-snapshot', formatVersion: 1, appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00Z', entries };
  return new TextEncoder().encode(JSON.stringify(manifest));
}

describe('hostile files read in a child process', () => {
  it('a 1.5 KB tar whose size field is -1000 (valid checksum) is refused at once, not looped on', async () => {
    const path = join(dir, 'negative.tar');
    await writeFile(path, tarWithSizeField('cifar-10-batches-bin/data_batch_1.bin', '-0001750\0'));
    const result = await readInChild('cifar10', path, 20_000);
    expect(result.error).toMatch(/^negative\.tar: corrupt tar header at byte 0 \(size field "-0001750" is not a non-negative octal/);
    expect(result.error).not.toContain('\n');
    expect(result.maxRssBytes).toBeLessThan(MAX_PEAK);
    console.info(`peak RSS reading the negative-size tar: ${mib(result.maxRssBytes)} MiB`);
  });

  it('a 3 MB .lab with three 1 GiB entries of zeros is refused from its directory, before inflating', async () => {
    const bomb = zerosDeflateRaw(GiB);
    expect(bomb.length).toBeLessThan(1.1 * 2 ** 20);
    const manifest = manifestOf({});
    const path = join(dir, 'bomb.lab');
    await writeFile(
      path,
      zipOfRawEntries([
        { name: 'manifest.json', method: 0, data: manifest, size: manifest.length },
        ...['a', 'b', 'c'].map((n) => ({ name: `${n}.bin`, method: 8 as const, data: bomb, size: GiB })),
      ]),
    );
    const result = await readInChild('snapshot', path);
    expect(result.error).toBe('bomb.lab: entry a.bin is not listed in the manifest.');
    expect(result.maxRssBytes).toBeLessThan(MAX_PEAK);
    console.info(`peak RSS reading the .lab bomb: ${mib(result.maxRssBytes)} MiB`);
  });

  it('a .lab whose manifest lists a 1 GiB snapshot.json is refused by size; one that lies about its size stops at the lie', async () => {
    const bomb = zerosDeflateRaw(GiB);
    const listed = manifestOf({ 'snapshot.json': '0'.repeat(64) });
    const declaring = join(dir, 'declares-1gib.lab');
    await writeFile(
      declaring,
      zipOfRawEntries([
        { name: 'manifest.json', method: 0, data: listed, size: listed.length },
        { name: 'snapshot.json', method: 8, data: bomb, size: GiB },
      ]),
    );
    const refused = await readInChild('snapshot', declaring);
    expect(refused.error).toMatch(/^declares-1gib\.lab: .*1,073,741,824 bytes/);
    expect(refused.maxRssBytes).toBeLessThan(MAX_PEAK);
    console.info(`peak RSS reading the .lab declaring a 1 GiB snapshot.json: ${mib(refused.maxRssBytes)} MiB`);

    const lying = join(dir, 'lies.lab');
    await writeFile(
      lying,
      zipOfRawEntries([
        { name: 'manifest.json', method: 0, data: listed, size: listed.length },
        { name: 'snapshot.json', method: 8, data: bomb, size: 1000 },
      ]),
    );
    const stopped = await readInChild('snapshot', lying);
    expect(stopped.error).toBe('lies.lab is not a readable snapshot (entry snapshot.json inflates to more than the 1,000 bytes its directory declares).');
    expect(stopped.maxRssBytes).toBeLessThan(MAX_PEAK);
    console.info(`peak RSS reading the .lab whose entry lies about its size: ${mib(stopped.maxRssBytes)} MiB`);
  });

  it('a CIFAR-10 .tar.gz that expands to 1 GiB stops at 256 MiB', async () => {
    const path = join(dir, 'cifar-10-binary.tar.gz');
    await writeFile(path, gzipOfRaw(zerosDeflateRaw(GiB), 0));
    const result = await readInChild('cifar10', path);
    expect(result.error).toBe('cifar-10-binary.tar.gz: decompresses to more than 268,435,456 bytes, more than a CIFAR-10 archive holds (256 MiB)');
    expect(result.maxRssBytes).toBeLessThan(MAX_PEAK);
    console.info(`peak RSS reading the CIFAR-10 .tar.gz bomb: ${mib(result.maxRssBytes)} MiB`);
  });

  it('an IDX .gz whose header says 60000×28×28 but which expands to 1.5 GB stops at the declared size', async () => {
    const header = new Uint8Array(16);
    const view = new DataView(header.buffer);
    [0x00000803, 60000, 28, 28].forEach((v, i) => view.setUint32(4 * i, v, false));
    const size = 1536 * 2 ** 20;
    const path = join(dir, 'train-images-idx3-ubyte.gz');
    await writeFile(path, gzipOfRaw(zerosDeflateRaw(size, header), size + 16));
    const result = await readInChild('idx-images', path);
    expect(result.error).toBe('train-images-idx3-ubyte.gz: decompresses to more than 47,040,016 bytes, more than its header declares');
    expect(result.maxRssBytes).toBeLessThan(MAX_PEAK);
    console.info(`peak RSS reading the IDX .gz bomb: ${mib(result.maxRssBytes)} MiB`);
  });

  it('an IDX .gz whose header itself declares 1.5 GB is refused before inflating', async () => {
    const header = new Uint8Array(16);
    const view = new DataView(header.buffer);
    [0x00000803, 2_000_000, 28, 28].forEach((v, i) => view.setUint32(4 * i, v, false));
    const path = join(dir, 'huge-idx3-ubyte.gz');
    await writeFile(path, gzipOfRaw(zerosDeflateRaw(64 * 2 ** 20, header), 0));
    const result = await readInChild('idx-images', path);
    console.info(`peak RSS reading the IDX .gz declaring 1.5 GB: ${mib(result.maxRssBytes)} MiB`);
    expect(result.error).toBe(
      'huge-idx3-ubyte.gz: its header declares 1,568,000,016 bytes, more than the 536,870,912 (512 MiB) this app reads from one IDX file',
    );
    expect(result.maxRssBytes).toBeLessThan(MAX_PEAK);
  });
});
