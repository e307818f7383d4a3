import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isInAllowedFolder, realPathOf, settingsFolders } from '../../src-main/host/allowed-folders.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-folders-'));
  await mkdir(join(root, 'data', 'snapshots'), { recursive: true });
  await mkdir(join(root, 'data-evil'), { recursive: true });
});

afterEach(() => rm(root, { recursive: true, force: true }));

describe('allowed folders', () => {
  it('allows the folder itself, files in it and files still to be created below it', () => {
    const data = join(root, 'data');
    expect(isInAllowedFolder(data, [data])).toBe(true);
    expect(isInAllowedFolder(join(data, 'snapshots', 'a.lab'), [data])).toBe(true);
    expect(isInAllowedFolder(join(data, 'new', 'deeper', '..a.lab'), [data])).toBe(true);
  });

  it('refuses siblings that share a prefix, parents, and ../ ways out', () => {
    const data = join(root, 'data');
    expect(isInAllowedFolder(join(root, 'data-evil', 'a.lab'), [data])).toBe(false);
    expect(isInAllowedFolder(root, [data])).toBe(false);
    expect(isInAllowedFolder(join(data, '..', 'data-evil', 'a.lab'), [data])).toBe(false);
    expect(isInAllowedFolder('/etc/passwd', [data])).toBe(false);
    expect(isInAllowedFolder(join(data, 'a.lab'), [])).toBe(false);
  });

  it('follows links: one leading out is refused, one leading in is allowed, a dangling one is refused', async () => {
    const data = join(root, 'data');
    await symlink(join(root, 'data-evil'), join(data, 'out'));
    await symlink(join(data, 'snapshots'), join(root, 'data-evil', 'in'));
    await symlink(join(root, 'nowhere', 'x.lab'), join(data, 'dangling.lab'));
    expect(isInAllowedFolder(join(data, 'out', 'a.lab'), [data])).toBe(false);
    expect(isInAllowedFolder(join(root, 'data-evil', 'in', 'a.lab'), [data])).toBe(true);
    expect(isInAllowedFolder(join(data, 'dangling.lab'), [data])).toBe(false);
    expect(realPathOf(join(data, 'dangling.lab'))).toBeNull();
  });

  it('reads the folders the user added from settings.json; a missing or damaged file adds none', async () => {
    const data = join(root, 'data');
    const warnings: string[] = [];
    const warn = (message: string): void => void warnings.push(message);
    expect(settingsFolders(data, warn)).toEqual([]);
    await writeFile(join(data, 'settings.json'), JSON.stringify({ version: 1, webHostFolders: ['/srv/runs', '/home/me/lab'] }));
    expect(settingsFolders(data, warn)).toEqual(['/srv/runs', '/home/me/lab']);
    await writeFile(join(data, 'settings.json'), JSON.stringify({ version: 1, webHostFolders: ['relative/path'] }));
    expect(settingsFolders(data, warn)).toEqual([]);
    await writeFile(join(data, 'settings.json'), '{"version": 1, "webHostFolders": ["/srv"');
    expect(settingsFolders(data, warn)).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/settings\.json is not valid \(must be an absolute path\)/);
    expect(warnings[1]).toMatch(/settings\.json is not valid JSON/);
  });
});
