/**
 * Study reports the app can show: standalone HTML files in a reports folder,
 * each optionally beside the snapshot it was made from (`NAME.html` and
 * `NAME.lab`). Names are plain file names; nothing outside the folder is read.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportInfo } from '../contract.ts';
import { RequestError } from './request-validation.ts';

const REPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;

function titleOf(html: string, fallback: string): string {
  const match = /<title>([^<]{1,300})<\/title>/i.exec(html);
  return match ? match[1].trim() : fallback;
}

export async function listReports(folder: string): Promise<ReportInfo[]> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  const reports = await Promise.all(
    entries
      .filter((entry) => entry.endsWith('.html') && REPORT_NAME.test(entry))
      .map(async (entry) => {
        const path = join(folder, entry);
        const [html, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
        const name = entry.slice(0, -'.html'.length);
        return { name, title: titleOf(html.slice(0, 4096), name), createdAt: info.mtime.toISOString() };
      }),
  );
  return reports.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function openReport(folder: string, name: string): Promise<{ html: string; snapshot: string | null }> {
  if (!REPORT_NAME.test(name) || name.includes('..')) throw new RequestError(`"${name}" is not a report name.`);
  const path = join(folder, `${name}.html`);
  if (!existsSync(path)) throw new RequestError(`There is no report called "${name}".`);
  const snapshot = join(folder, `${name}.lab`);
  return { html: await readFile(path, 'utf8'), snapshot: existsSync(snapshot) ? snapshot : null };
}

/**
 * The reports committed with the app (`assets/reports`), found from this
 * module: `src-main/host` when run from source, `out/main` when built.
 */
export function bundledReportsDir(): string {
  return resolve(import.meta.dirname, '..', '..', 'assets', 'reports');
}

/** Reports of several folders, the first folder's winning a name they share. */
export async function listReportsIn(folders: readonly string[]): Promise<ReportInfo[]> {
  const seen = new Set<string>();
  const all: ReportInfo[] = [];
  for (const folder of folders) {
    for (const report of await listReports(folder)) {
      if (seen.has(report.name)) continue;
      seen.add(report.name);
      all.push(report);
    }
  }
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Opens a report from the first folder that has it. */
export async function openReportIn(folders: readonly string[], name: string): Promise<{ html: string; snapshot: string | null }> {
  if (!REPORT_NAME.test(name) || name.includes('..')) throw new RequestError(`"${name}" is not a report name.`);
  const folder = folders.find((f) => existsSync(join(f, `${name}.html`)));
  if (!folder) throw new RequestError(`There is no report called "${name}".`);
  return openReport(folder, name);
}
