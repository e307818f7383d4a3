/**
 * The report's stylesheet: a paper's typography (serif text, booktabs-style
 * tables, numbered captions), system fonts only, and print rules so the
 * page prints as it reads.
 */
export const REPORT_CSS = `
:root { --ink: #1b1b1b; --muted: #5c5c5c; --rule: #1b1b1b; --faint: #e6e6e6; --accent: #2a5d8f;
  --good: #1f7a3f; --good-bg: #e3f3e8; --bad: #a4262c; --bad-bg: #fbe7e8; --noise: #8a5a00; --noise-bg: #fdf1d8; --na: #555; --na-bg: #ececec; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: var(--ink); font: 15px/1.55 "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, "Times New Roman", serif; }
article { max-width: 1040px; margin: 0 auto; padding: 40px 44px 64px; }
header.title { border-bottom: 1.5px solid var(--rule); padding-bottom: 14px; margin-bottom: 18px; }
.kicker { font: 600 11px/1.4 "Helvetica Neue", Helvetica, Arial, sans-serif; letter-spacing: .12em; text-transform: uppercase; color: var(--accent); margin: 0 0 6px; }
h1 { font-size: 29px; line-height: 1.2; margin: 0 0 8px; font-weight: 600; }
.byline { color: var(--muted); margin: 0; font-size: 14px; }
h2 { font-size: 20px; margin: 34px 0 10px; font-weight: 600; border-bottom: 1px solid var(--faint); padding-bottom: 4px; }
h2 .number { color: var(--muted); margin-right: .45em; font-weight: 400; }
p { margin: 0 0 10px; text-align: justify; hyphens: auto; }
code { font: 12.5px/1.4 ui-monospace, "SF Mono", Menlo, Consolas, monospace; background: #f4f4f4; padding: 0 3px; border-radius: 3px; }
.abstract { background: #fafafa; border-left: 3px solid var(--accent); padding: 12px 16px 4px; margin: 0 0 8px; }
.abstract h2 { border: 0; margin: 0 0 6px; font-size: 13px; letter-spacing: .08em; text-transform: uppercase; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 10px; }
.verdict { display: inline-block; font: 600 11.5px/1.3 "Helvetica Neue", Helvetica, Arial, sans-serif; padding: 2px 8px; border-radius: 10px; white-space: nowrap; }
.verdict.reproduced { color: var(--good); background: var(--good-bg); }
.verdict.not-reproduced { color: var(--bad); background: var(--bad-bg); }
.verdict.within-noise { color: var(--noise); background: var(--noise-bg); }
.verdict.not-comparable { color: var(--na); background: var(--na-bg); }
figure, .table-wrap { margin: 18px 0 22px; break-inside: avoid; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; line-height: 1.4; border-top: 1.5px solid var(--rule); border-bottom: 1.5px solid var(--rule); }
caption, figcaption { caption-side: top; text-align: left; font-size: 13px; color: var(--ink); padding: 0 0 6px; line-height: 1.45; }
figcaption { padding: 8px 0 0; }
caption b, figcaption b { font-weight: 700; }
th { text-align: left; font-weight: 600; border-bottom: .8px solid var(--rule); padding: 5px 8px; vertical-align: bottom; }
td { padding: 4px 8px; border-top: .5px solid var(--faint); vertical-align: top; }
tr:first-child td { border-top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums lining-nums; white-space: nowrap; }
td strong { font-weight: 700; }
table.setup td:first-child { width: 130px; white-space: nowrap; }
table.setup thead { display: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 12px; }
.cards.wide-cards { grid-template-columns: 1fr; }
.card { border: 1px solid var(--faint); border-radius: 6px; padding: 10px 10px 6px; break-inside: avoid; }
.card h3 { font: 600 13px/1.3 "Helvetica Neue", Helvetica, Arial, sans-serif; margin: 0 0 6px; }
.card .panels { display: flex; gap: 4px; align-items: flex-start; justify-content: center; }
.card .panels svg { max-width: 100%; height: auto; }
.card .note { font: 11.5px/1.4 "Helvetica Neue", Helvetica, Arial, sans-serif; color: var(--muted); margin: 4px 0 0; }
.wide { display: flex; flex-wrap: wrap; gap: 10px; justify-content: center; }
.table-wrap .note { font-size: 12.5px; color: var(--muted); margin: 6px 0 0; }
ul.notes { padding-left: 20px; margin: 6px 0; }
ul.notes li { margin: 0 0 6px; }
footer { margin-top: 36px; border-top: 1px solid var(--faint); padding-top: 10px; color: var(--muted); font-size: 13px; }
@media print {
  article { padding: 0; max-width: none; }
  body { font-size: 11pt; }
  h2 { break-after: avoid; }
  .cards { grid-template-columns: 1fr 1fr; }
  .cards.wide-cards { grid-template-columns: 1fr; }
}
`;
