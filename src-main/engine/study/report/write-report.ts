/**
 * Writes a study's report beside its snapshot: `<stem>.html` (standalone),
 * `<stem>.md` (its twin) and the figure panels as SVG files in
 * `<stem>-figures/`, which the Markdown references.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../snapshot/atomic-write.ts';
import { buildReport, type ReportInput } from './build-report.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { ReportDocument } from './report-document.ts';
import { standaloneSvg } from './svg-kit.ts';

export interface WrittenReport {
  html: string;
  markdown: string;
  figures: string;
  document: ReportDocument;
}

export async function writeStudyReport(input: ReportInput & { outDir: string; stem: string }): Promise<WrittenReport> {
  const document = buildReport(input);
  const figuresName = `${input.stem}-figures`;
  const figures = join(input.outDir, figuresName);
  // Figures of an earlier report of the same name would linger beside the new ones.
  await rm(figures, { recursive: true, force: true });
  await mkdir(figures, { recursive: true });
  const panels = document.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'figure' ? b.figure.panels : [])));
  await Promise.all(panels.map((p) => writeFile(join(figures, p.file), standaloneSvg(p.svg))));
  const html = join(input.outDir, `${input.stem}.html`);
  const markdown = join(input.outDir, `${input.stem}.md`);
  await writeFileAtomic(html, new TextEncoder().encode(renderHtml(document)));
  await writeFileAtomic(markdown, new TextEncoder().encode(renderMarkdown(document, figuresName)));
  return { html, markdown, figures, document };
}
