import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src-main/contract.ts';
import { STUDIES } from '../../src-main/engine/study/definitions/index.ts';
import { buildReport } from '../../src-main/engine/study/report/build-report.ts';
import { renderHtml } from '../../src-main/engine/study/report/render-html.ts';
import { renderMarkdown } from '../../src-main/engine/study/report/render-markdown.ts';
import { writeStudyReport } from '../../src-main/engine/study/report/write-report.ts';
import type { Verdict } from '../../src-main/engine/study/verdict-rule.ts';
import { syntheticSnapshot, type RunNumbers } from './study-fixtures.ts';

const table2 = STUDIES.table2;
const smoothing = STUDIES.smoothing;

const seeds = (finals: number[], extra: Omit<RunNumbers, 'final'> = {}): RunNumbers[] => finals.map((final) => ({ final, ...extra }));

/** Table 2's order holds clearly: ReLU+BN > TSQRT_tanh > ReLU > TSQRT_tanh+BN > TSQRT+BN. */
const TABLE2_RUNS: Record<string, RunNumbers[]> = {
  'relu-bn': seeds([90, 91, 92], { trainable: 1730, total: 1786 }),
  relu: seeds([85, 86, 87], { trainable: 1674, total: 1674 }),
  tsqrt_tanh: seeds([88, 89, 88.5], { trainable: 1677, total: 1677 }),
  'tsqrt_tanh-bn': seeds([84, 85, 84.5], { trainable: 1733, total: 1789 }),
  'tsqrt-bn': seeds([70, 71, 72], { trainable: 1733, total: 1789 }),
};

const SURFACES = Object.keys(TABLE2_RUNS).map((config, i) => ({ config, seed: 1, direction: 'random' as const, roughness: 0.1 * (i + 1), sharpness: i, hessianTop: 2 * i }));

function verdicts(snapshot: Snapshot, definition = table2): Record<string, Verdict> {
  const document = buildReport({ snapshot, definition });
  const table = document.sections.find((s) => s.id === 'reproduce')!.blocks[0];
  if (table.kind !== 'table') throw new Error('the first block of “Does it reproduce?” is not a table');
  return Object.fromEntries(definition.claims.map((claim, i) => [claim.id, table.table.rows[i][5].verdict!]));
}

describe('the report of a fixed table2 snapshot', () => {
  const snapshot = syntheticSnapshot(table2, TABLE2_RUNS, { surfaces: SURFACES });
  const html = renderHtml(buildReport({ snapshot, definition: table2 }));

  it('emits every section, in order', () => {
    const headings = [...html.matchAll(/<h2><span class="number">(\d+)<\/span>([^<]+)<\/h2>/g)].map((m) => m[2]);
    expect(headings).toEqual(['Does it reproduce?', 'Setup', 'Parameters', 'Accuracy', 'Training curves', 'Loss landscapes', 'Method and caveats']);
    expect(html).toContain('<section class="abstract"><h2>Summary</h2>');
  });

  it('states the setup: data, scale, seeds, backend, app version and wall time', () => {
    expect(html).toContain('4,000 training and 2,000 test images');
    expect(html).toMatch(/quick: Built-in MNIST/);
    expect(html).toContain('1, 2, 3 — 15 runs in all');
    expect(html).toContain('Landscape Lab 0.1.0-test');
    expect(html).toContain('2 min 06 s on 2 engine processes');
    expect(html).toContain('Test CPU, 2 cores');
  });

  it('lists trainable and total parameters, and the study network’s count beside Table 2’s', () => {
    expect(html).toMatch(/<td>ReLU\+BN<\/td><td class="num">1,730<\/td><td class="num">1,786<\/td><td class="num">0<\/td><td class="num">4,811,922<\/td><td class="num">4,811,922<\/td>/);
  });

  it('gives accuracies as mean ± sd over seeds, with the best in bold', () => {
    expect(html).toContain('<strong>91.00 ± 1.00</strong>');
    expect(html).toContain('88.50 ± 0.50');
  });

  it('draws a curve chart per group and a 3D image and a contour map of every surface', () => {
    expect(html.match(/Test accuracy: accuracy \(%\) against epoch/g)).toHaveLength(1);
    expect(html.match(/3D view of the loss surface/g)).toHaveLength(5);
    expect(html.match(/contour map of the loss surface/g)).toHaveLength(5);
    expect(html).toContain('Colour scale: training loss, log scale');
  });

  it('ranks the surfaces from the smoothest', () => {
    const ranked = [...html.matchAll(/<tr><td class="num">(\d)<\/td><td>([^<]+) · seed 1<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(ranked).toEqual([
      ['1', 'ReLU+BN'],
      ['2', 'ReLU'],
      ['3', 'TSQRT_tanh'],
      ['4', 'TSQRT_tanh+BN'],
      ['5', 'TSQRT+BN'],
    ]);
  });

  it('computes each verdict from the numbers', () => {
    expect(verdicts(snapshot)).toMatchObject({
      'relu-bn-best': 'reproduced',
      'tsqrt-bn-worst': 'reproduced',
      'tsqrt-tanh-without-bn': 'reproduced',
      'tsqrt-tanh-beats-relu': 'reproduced',
      'tsqrt-tanh-fewer-parameters': 'reproduced',
      ranking: 'reproduced',
      'accuracy-relu-bn': 'not-comparable',
      'parameters-relu-bn': 'reproduced',
      'parameters-relu': 'not-reproduced',
    });
  });

  it('flips a verdict when a number flips', () => {
    const flipped = syntheticSnapshot(table2, { ...TABLE2_RUNS, 'tsqrt-bn': seeds([95, 96, 97], { trainable: 1733 }) });
    expect(verdicts(flipped)).toMatchObject({ 'tsqrt-bn-worst': 'not-reproduced', 'relu-bn-best': 'not-reproduced', ranking: 'not-reproduced' });
    const bnBetter = syntheticSnapshot(table2, { ...TABLE2_RUNS, 'tsqrt_tanh-bn': seeds([93, 94, 95], { trainable: 1733 }) });
    expect(verdicts(bnBetter)['tsqrt-tanh-without-bn']).toBe('not-reproduced');
  });

  it('calls a difference smaller than the seeds’ spread “within noise”', () => {
    const close = syntheticSnapshot(table2, { ...TABLE2_RUNS, 'tsqrt-bn': seeds([82, 85, 88]) });
    expect(verdicts(close)['tsqrt-bn-worst']).toBe('within-noise');
  });

  it('compares Table 2’s accuracies only at full scale', () => {
    const full = syntheticSnapshot(table2, { ...TABLE2_RUNS, 'relu-bn': seeds([63, 63.5, 63.4]), relu: seeds([50, 51, 52]) }, { scale: 'full' });
    expect(verdicts(full)).toMatchObject({ 'accuracy-relu-bn': 'reproduced', 'accuracy-relu': 'not-reproduced' });
  });

  it('says “not comparable” when one seed cannot measure the noise', () => {
    const single = syntheticSnapshot(table2, Object.fromEntries(Object.entries(TABLE2_RUNS).map(([k, v]) => [k, v.slice(0, 1)])));
    expect(verdicts(single)).toMatchObject({ 'relu-bn-best': 'not-comparable', 'tsqrt-tanh-fewer-parameters': 'reproduced' });
  });
});

describe('the smoothing report', () => {
  const runs = { 'tsqrt-bn': seeds([80, 81, 82], { params: { 'act1/z': 0.5 } }), 'tsqrt_tanh-bn': seeds([88, 89, 90], { params: { 'act1/k': 0.5 } }) };
  const surfaces = (tanhRoughness: number) =>
    [1, 2, 3].flatMap((seed) => [
      { config: 'tsqrt-bn', seed, direction: 'random' as const, roughness: 0.3 + 0.01 * seed, sharpness: 10, hessianTop: 50 },
      { config: 'tsqrt_tanh-bn', seed, direction: 'random' as const, roughness: tanhRoughness + 0.01 * seed, sharpness: 2, hessianTop: 5 },
    ]);

  it('judges “TSQRT_tanh is smoother” from the surfaces’ roughness over seeds, and flips with it', () => {
    expect(verdicts(syntheticSnapshot(smoothing, runs, { surfaces: surfaces(0.1) }), smoothing)['smoother-roughness']).toBe('reproduced');
    expect(verdicts(syntheticSnapshot(smoothing, runs, { surfaces: surfaces(0.5) }), smoothing)['smoother-roughness']).toBe('not-reproduced');
  });

  it('lists the trained activation parameters beside their initial values', () => {
    const html = renderHtml(buildReport({ snapshot: syntheticSnapshot(smoothing, runs, { surfaces: surfaces(0.1) }), definition: smoothing }));
    expect(html).toMatch(/<td>TSQRT\+BN<\/td><td>z<\/td><td class="num">0\.5000<\/td><td class="num">act1: 0\.5000 ± 0(\.0+)?<\/td>/);
  });
});

/** Tags that must close, checked with a stack: a reasonable well-formedness test for generated markup. */
function unbalancedTags(html: string): string[] {
  const voids = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'col', 'wbr', 'source']);
  const stack: string[] = [];
  const problems: string[] = [];
  const body = html.replace(/<!DOCTYPE html>/i, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName, selfClosing] = match;
    const name = rawName.toLowerCase();
    if (selfClosing || voids.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> at ${match.index}`);
  }
  return [...problems, ...stack.map((name) => `<${name}> never closed`)];
}

describe('the report as standalone files', () => {
  let dir: string;
  let written: Awaited<ReturnType<typeof writeStudyReport>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lab-report-'));
    written = await writeStudyReport({ snapshot: syntheticSnapshot(table2, TABLE2_RUNS, { surfaces: SURFACES }), definition: table2, outDir: dir, stem: 'table2' });
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is one well-formed HTML document that loads nothing from anywhere', async () => {
    const html = await readFile(written.html, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(unbalancedTags(html)).toEqual([]);
    for (const tag of ['html', 'head', 'body', 'title']) expect(html.match(new RegExp(`<${tag}[\\s>]`, 'g'))).toHaveLength(1);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\s(src|href|srcset|xlink:href|action)\s*=/i);
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('has a Markdown twin with the same tables and verdicts, its figures written beside it', async () => {
    const markdown = await readFile(written.markdown, 'utf8');
    const html = await readFile(written.html, 'utf8');
    expect(markdown.match(/^\*\*Table \d+\.\*\*/gm)?.length).toBe(html.match(/<caption><b>Table \d+\.<\/b>/g)?.length);
    expect(markdown).toContain('| 1 | ReLU+BN is the most accurate | Table 2 | 63.3% (highest) |');
    expect(markdown).toContain('✅ reproduced');
    const images = [...markdown.matchAll(/\]\((table2-figures\/[^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(images.length).toBe(1 + 2 + 2 * SURFACES.length);
    for (const image of images) expect(existsSync(join(dir, image)), image).toBe(true);
    const svg = await readFile(join(dir, images[0]), 'utf8');
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect((await readdir(join(dir, 'table2-figures'))).length).toBe(images.length);
  });

  it('renders the Markdown from the same document as the HTML', () => {
    const document = buildReport({ snapshot: syntheticSnapshot(table2, TABLE2_RUNS), definition: table2 });
    const markdown = renderMarkdown(document, 'figures');
    for (const section of document.sections) expect(markdown).toContain(`## ${document.sections.indexOf(section) + 1} ${section.title}`);
  });
});
