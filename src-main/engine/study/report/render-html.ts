/**
 * The report as ONE self-contained HTML file: inline CSS and inline SVG, no
 * scripts, fonts, images or URLs, and a Content-Security-Policy that forbids
 * loading anything, so it reads the same offline, in a sandboxed frame, or
 * printed.
 */
import { VERDICT_LABELS, type Verdict } from '../verdict-rule.ts';
import type { Block, ReportDocument, ReportFigure, ReportTable } from './report-document.ts';
import { REPORT_CSS } from './report-style.ts';
import { escapeXml as escape } from './svg-kit.ts';

/** Escapes text and turns `code` spans into <code>. */
function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const badge = (verdict: Verdict, text = VERDICT_LABELS[verdict]): string => `<span class="verdict ${verdict}">${escape(text)}</span>`;

interface Counters {
  table: number;
  figure: number;
}

function tableHtml(table: ReportTable, counters: Counters, className = ''): string {
  counters.table += 1;
  const head = table.header.map((h, i) => `<th${table.rows[0]?.[i]?.numeric ? ' class="num"' : ''}>${inline(h)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell) => {
            const content = cell.verdict ? badge(cell.verdict, cell.text) : cell.strong ? `<strong>${inline(cell.text)}</strong>` : inline(cell.text);
            return `<td${cell.numeric ? ' class="num"' : ''}>${content}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table${className ? ` class="${className}"` : ''}><caption><b>Table ${counters.table}.</b> ${inline(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${table.note ? `<p class="note">${inline(table.note)}</p>` : ''}</div>`;
}

function figureHtml(figure: ReportFigure, counters: Counters): string {
  counters.figure += 1;
  const content = figure.groups
    ? `<div class="cards${figure.layout === 'wide' ? ' wide-cards' : ''}">${figure.groups
        .map(
          (g) =>
            `<div class="card"><h3>${inline(g.title)}</h3><div class="panels">${g.panels.map((p) => p.svg).join('')}</div>${g.note ? `<p class="note">${inline(g.note)}</p>` : ''}</div>`,
        )
        .join('\n')}</div>`
    : `<div class="wide">${figure.panels.map((p) => p.svg).join('')}</div>`;
  return `<figure>${content}<figcaption><b>Figure ${counters.figure}.</b> ${inline(figure.caption)}</figcaption></figure>`;
}

function blockHtml(block: Block, counters: Counters, sectionId: string): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inline(block.text)}</p>`;
    case 'list':
      return block.items.length ? `<ul class="notes">${block.items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>` : '';
    case 'table':
      return tableHtml(block.table, counters, sectionId === 'setup' && block.table.header.every((h) => h === '') ? 'setup' : '');
    case 'figure':
      return figureHtml(block.figure, counters);
  }
}

export function renderHtml(document: ReportDocument): string {
  const counters: Counters = { table: 0, figure: 0 };
  const sections = document.sections
    .map(
      (section, i) =>
        `<section id="${escape(section.id)}"><h2><span class="number">${i + 1}</span>${inline(section.title)}</h2>\n${section.blocks.map((b) => blockHtml(b, counters, section.id)).join('\n')}</section>`,
    )
    .join('\n');
  const counts = (Object.keys(document.verdictCounts) as Verdict[])
    .filter((v) => document.verdictCounts[v] > 0)
    .map((v) => badge(v, `${document.verdictCounts[v]} ${VERDICT_LABELS[v]}`))
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(document.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<article>
<header class="title"><p class="kicker">Study report</p><h1>${inline(document.title)}</h1><p class="byline">${inline(document.byline)}</p></header>
<section class="abstract"><h2>Summary</h2>${document.summary.map((p) => `<p>${inline(p)}</p>`).join('')}<div class="counts">${counts}</div></section>
${sections}
<footer>${inline(document.footer)}</footer>
</article>
</body>
</html>
`;
}
