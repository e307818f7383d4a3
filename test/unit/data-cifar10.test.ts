import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CIFAR10_CLASS_NAMES,
  readCifar10,
  readCifar10Archive,
  readCifar10Folder,
} from '../../src-main/engine/data/cifar10.ts';
import { readTar } from '../../src-main/engine/data/tar.ts';
import { tarWithSizeField } from '../support/hostile-files.ts';
import { CIFAR_FIXTURE_CLASS_NAMES, cifarBatchBytes, randomBytes, tarBytes, writeCifarFixture } from '../support/fixtures.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-cifar-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CIFAR-10 binary batches', () => {
  it('turn planar R, G, B records into NHWC pixels', async () => {
    const dir = join(root, 'layout');
    const fixture = await writeCifarFixture(dir, { trainPerBatch: 2, test: 3 });
    const raw = await readCifar10Folder(fixture.path);
    // The planar record puts red of pixel (y, x) at 1 + 32y + x, green 1024 later, blue 2048 later.
    const record = fixture.batches.get('data_batch_2.bin')!.subarray(3073, 2 * 3073);
    const example = 3; // second record of the second batch
    for (const [y, x] of [[0, 0], [5, 17], [31, 31]]) {
      for (let ch = 0; ch < 3; ch++) {
        expect(raw.train.images[example * 3072 + (y * 32 + x) * 3 + ch]).toBe(record[1 + ch * 1024 + y * 32 + x]);
      }
    }
    expect(raw.train.labels[example]).toBe(record[0]);
  });

  it('round-trip from the extracted folder', async () => {
    const fixture = await writeCifarFixture(join(root, 'folder'));
    const raw = await readCifar10Folder(fixture.path);
    expect([raw.height, raw.width, raw.channels, raw.numClasses]).toEqual([32, 32, 3, 10]);
    expect(raw.train.count).toBe(15);
    expect(raw.test.count).toBe(5);
    expect(Array.from(raw.train.images)).toEqual(Array.from(fixture.train.images));
    expect(Array.from(raw.test.labels)).toEqual(Array.from(fixture.test.labels));
    expect(raw.classNames).toEqual(CIFAR_FIXTURE_CLASS_NAMES);
  });

  it('round-trip from the tar.gz archive with the same content hash as the folder', async () => {
    const folder = await writeCifarFixture(join(root, 'same-folder'), { seed: 3 });
    const archive = await writeCifarFixture(join(root, 'same-archive'), { seed: 3, archive: true });
    const a = await readCifar10Folder(folder.path);
    const b = await readCifar10Archive(archive.path);
    expect(Array.from(b.train.images)).toEqual(Array.from(folder.train.images));
    expect(Array.from(b.test.labels)).toEqual(Array.from(folder.test.labels));
    expect(b.sha256).toBe(a.sha256);
  });

  it('are found from the archive, the batch folder, or a folder holding either', async () => {
    const withFolder = await writeCifarFixture(join(root, 'parent-folder'));
    const withArchive = await writeCifarFixture(join(root, 'parent-archive'), { archive: true });
    expect((await readCifar10(join(root, 'parent-folder'))).train.count).toBe(withFolder.train.count);
    expect((await readCifar10(withFolder.path)).train.count).toBe(withFolder.train.count);
    expect((await readCifar10(join(root, 'parent-archive'))).train.count).toBe(withArchive.train.count);
    expect((await readCifar10(withArchive.path)).train.count).toBe(withArchive.train.count);
  });

  it('default to the ten known class names without batches.meta.txt', async () => {
    const fixture = await writeCifarFixture(join(root, 'no-meta'), { meta: false, archive: true });
    expect((await readCifar10Archive(fixture.path)).classNames).toEqual(CIFAR10_CLASS_NAMES);
  });

  it('of the wrong size are rejected, naming the file', async () => {
    const fixture = await writeCifarFixture(join(root, 'size'));
    const path = join(fixture.path, 'data_batch_3.bin');
    await writeFile(path, (await readFile(path)).subarray(0, 5000));
    await expect(readCifar10Folder(fixture.path)).rejects.toThrow(
      'data_batch_3.bin: 5000 bytes is not a whole number of 3073-byte records (1 label byte + 3072 pixel bytes)',
    );
    await writeFile(path, new Uint8Array(0));
    await expect(readCifar10Folder(fixture.path)).rejects.toThrow(/data_batch_3\.bin: 0 bytes/);
  });

  it('with a label above 9 are rejected, naming the file and record', async () => {
    const fixture = await writeCifarFixture(join(root, 'label'));
    const batch = cifarBatchBytes(randomBytes(2 * 3072, 1), Uint8Array.of(4, 11));
    await writeFile(join(fixture.path, 'test_batch.bin'), batch);
    await expect(readCifar10Folder(fixture.path)).rejects.toThrow('test_batch.bin: label 11 in record 1 is out of range, expected 0..9');
  });

  it('that are missing are listed by name', async () => {
    const fixture = await writeCifarFixture(join(root, 'missing'));
    await unlink(join(fixture.path, 'data_batch_4.bin'));
    await unlink(join(fixture.path, 'test_batch.bin'));
    await expect(readCifar10Folder(fixture.path)).rejects.toThrow(/missing CIFAR-10 batch files: data_batch_4\.bin, test_batch\.bin/);
    const empty = join(root, 'empty');
    await mkdir(empty);
    await expect(readCifar10(empty)).rejects.toThrow(/missing CIFAR-10 batch files: data_batch_1\.bin/);
  });

  it('in an archive name the archive when a batch is bad or missing', async () => {
    const bad = tarBytes([
      { name: 'cifar-10-batches-bin/data_batch_1.bin', data: new Uint8Array(3000) },
    ]);
    const path = join(root, 'bad.tar.gz');
    await writeFile(path, gzipSync(bad));
    await expect(readCifar10Archive(path)).rejects.toThrow(/^bad\.tar\.gz: missing CIFAR-10 batch files: data_batch_2\.bin/);
  });

  it('in a corrupt or truncated archive give a clear error', async () => {
    const fixture = await writeCifarFixture(join(root, 'corrupt'), { archive: true });
    const bytes = await readFile(fixture.path);
    await writeFile(fixture.path, bytes.subarray(0, bytes.length - 100));
    await expect(readCifar10Archive(fixture.path)).rejects.toThrow(/^cifar-10-binary\.tar\.gz: corrupt gzip data/);
    const tar = tarBytes([{ name: 'cifar-10-batches-bin/test_batch.bin', data: new Uint8Array(3073 * 2) }]);
    const truncated = join(root, 'truncated.tar');
    await writeFile(truncated, tar.subarray(0, 2000));
    await expect(readCifar10Archive(truncated)).rejects.toThrow(/^truncated\.tar: truncated tar archive, cifar-10-batches-bin\/test_batch\.bin needs 6146 bytes/);
  });
});

describe('the tar reader', () => {
  it('lists regular files with their content and skips the end blocks', () => {
    const entries = readTar(
      tarBytes([
        { name: 'a/one.txt', data: new TextEncoder().encode('hello') },
        { name: 'a/two.bin', data: new Uint8Array(1000).fill(7) },
      ]),
      'x.tar',
    );
    expect(entries.map((e) => e.name)).toEqual(['a/one.txt', 'a/two.bin']);
    expect(new TextDecoder().decode(entries[0].data)).toBe('hello');
    expect(entries[1].data.length).toBe(1000);
  });

  it('rejects a header whose checksum does not match', () => {
    const tar = tarBytes([{ name: 'f', data: new Uint8Array(10) }]);
    tar[0] = 'g'.charCodeAt(0);
    expect(() => readTar(tar, 'x.tar')).toThrow('x.tar: corrupt tar header at byte 0 (checksum mismatch)');
  });

  it('refuses a size field that is not a non-negative octal number, naming the field', () => {
    for (const field of ['-0001750\0', '0000001x750\0', '1e3\0']) {
      expect(() => readTar(tarWithSizeField('f', field), 'x.tar')).toThrow(
        `x.tar: corrupt tar header at byte 0 (size field ${JSON.stringify(field.replace('\0', ''))} is not a non-negative octal or base-256 number)`,
      );
    }
  });

  it('reads a base-256 size and refuses a negative one', () => {
    const body = new Uint8Array(600).fill(9);
    const bytes = tarWithSizeField('f', 'x'.repeat(12), body);
    bytes.set([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x58], 124); // 0x258 = 600
    fixChecksum(bytes);
    expect(readTar(bytes, 'x.tar')[0].data).toEqual(body);
    bytes.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc, 0x18], 124); // -1000
    fixChecksum(bytes);
    expect(() => readTar(bytes, 'x.tar')).toThrow(/^x\.tar: corrupt tar header at byte 0 \(size field/);
  });
});

function fixChecksum(tar: Uint8Array): void {
  tar.fill(0x20, 148, 156);
  const sum = tar.subarray(0, 512).reduce((a, b) => a + b, 0);
  tar.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}
