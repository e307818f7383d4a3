/**
 * A report as a small document model — sections of paragraphs, tables and
 * figures — so the HTML report and its Markdown twin are rendered from the
 * same content and cannot disagree.
 */
import type { Verdict } from '../verdict-rule.ts';

export interface TableCell {
  text: string;
  /** Bold: the best value of its column. */
  strong?: boolean;
  /** Shown as a verdict badge. */
  verdict?: Verdict;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export interface ReportTable {
  /** Numbered in order of appearance: "Table 3". */
  caption: string;
  header: string[];
  rows: TableCell[][];
  /** Small print under the table. */
  note?: string;
}

export interface FigurePanel {
  /** File name of the panel's SVG beside the Markdown twin (in `<stem>-figures/`). */
  file: string;
  /** Inline SVG markup (no namespace: see svg-kit.ts). */
  svg: string;
  alt: string;
}

export interface ReportFigure {
  caption: string;
  panels: FigurePanel[];
  /** `wide`: panels (or cards) across the whole page width; `cards`: a grid of small cards. */
  layout: 'wide' | 'cards';
  /** Panels grouped into titled cards (surfaces: 3D + contour per card). */
  groups?: Array<{ title: string; panels: FigurePanel[]; note?: string }>;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'figure'; figure: ReportFigure };

export interface ReportSection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  /** One line under the title: scale, data, network, seeds, date. */
  byline: string;
  /** The opening: the question, then the verdicts in one sentence. */
  summary: string[];
  /** Verdict counts, for the summary badges. */
  verdictCounts: Record<Verdict, number>;
  sections: ReportSection[];
  /** How to regenerate the report. */
  footer: string;
}
