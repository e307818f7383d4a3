/**
 * The report's Markdown twin: the same sections, tables and verdicts as the
 * HTML, with each figure panel referenced as an SVG file in
 * `<stem>-figures/` beside it.
 */
import { VERDICT_LABELS, type Verdict } from '../verdict-rule.ts';
import type { Block, ReportDocument, ReportFigure, ReportTable } from './report-document.ts';

const MARKS: Record<Verdict, string> = { reproduced: '✅', 'not-reproduced': '❌', 'within-noise': '≈', 'not-comparable': '–' };

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

interface Counters {
  table: number;
  figure: number;
}

function tableMarkdown(table: ReportTable, counters: Counters): string {
  counters.table += 1;
  const header = table.header.map((h) => cell(h) || ' ');
  const align = table.header.map((_, i) => (table.rows[0]?.[i]?.numeric ? '---:' : '---'));
  const rows = table.rows.map(
    (row) =>
      `| ${row
        .map((c) => {
          const text = cell(c.text);
          if (c.verdict) return `${MARKS[c.verdict]} ${text}`;
          return c.strong ? `**${text}**` : text;
        })
        .join(' | ')} |`,
  );
  return [`**Table ${counters.table}.** ${table.caption}`, '', `| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows, ...(table.note ? ['', table.note] : [])].join('\n');
}

function figureMarkdown(figure: ReportFigure, counters: Counters, figuresDir: string): string {
  counters.figure += 1;
  const image = (file: string, alt: string): string => `![${alt.replace(/[[\]]/g, '')}](${figuresDir}/${file})`;
  const body = figure.groups
    ? figure.groups.map((g) => [`**${g.title}**${g.note ? ` — ${g.note}` : ''}`, '', g.panels.map((p) => image(p.file, p.alt)).join(' ')].join('\n')).join('\n\n')
    : figure.panels.map((p) => image(p.file, p.alt)).join(' ');
  return `${body}\n\n**Figure ${counters.figure}.** ${figure.caption}`;
}

function blockMarkdown(block: Block, counters: Counters, figuresDir: string): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'table':
      return tableMarkdown(block.table, counters);
    case 'figure':
      return figureMarkdown(block.figure, counters, figuresDir);
  }
}

/** `figuresDir`: the folder of the SVG files, relative to the Markdown file. */
export function renderMarkdown(document: ReportDocument, figuresDir: string): string {
  const counters: Counters = { table: 0, figure: 0 };
  const counts = (Object.keys(document.verdictCounts) as Verdict[])
    .filter((v) => document.verdictCounts[v] > 0)
    .map((v) => `${MARKS[v]} ${document.verdictCounts[v]} ${VERDICT_LABELS[v]}`)
    .join(' · ');
  const parts = [`# ${document.title}`, '', `*${document.byline}*`, '', '## Summary', '', ...document.summary.flatMap((p) => [p, '']), `**Verdicts:** ${counts}`, ''];
  document.sections.forEach((section, i) => {
    parts.push(`## ${i + 1} ${section.title}`, '');
    for (const block of section.blocks) {
      const text = blockMarkdown(block, counters, figuresDir);
      if (text) parts.push(text, '');
    }
  });
  parts.push('---', '', document.footer, '');
  return parts.join('\n');
}
