/**
 * Scheduled monthly reports (issue #18, `estation central --reports-dir DIR`): once the institution's month
 * has turned, the month before is written to DIR as `report-YYYY-MM.csv` and `.xlsx` (every site), readable
 * by central's account only. Checked soon after start and every hour, so the files appear on the 1st, or at
 * the first start after it when central was down then. A file that exists is never written again: several
 * central instances on one database (or one folder) write each file once between them (a hard link,
 * which fails when the name is taken, makes each file appear whole or not at all).
 */
import { linkSync, mkdirSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { exportTables, EXPORT_FORMATS } from './export.js';
import { monthlyReport, previousMonth } from './monthly.js';
import type { CentralStore } from '../store/types.js';

export const MONTHLY_REPORT_INTERVAL_MS = 3600_000;
/**
 * How long after the month turns its report waits: documents authorized in its last minutes are still
 * being printed and reported, and a file once written is never written again.
 */
export const MONTHLY_REPORT_SETTLE_MS = 6 * 3600_000;

export interface MonthlyReportTaskOptions {
  store: Pick<CentralStore, 'monthFigures' | 'kinds' | 'institution'>;
  dir: string;
  intervalMs?: number;
  now?: () => Date;
  onWritten?: (files: string[]) => void;
  onError?: (message: string) => void;
}

export class MonthlyReportTask {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Immediate | null = null;

  constructor(private readonly o: MonthlyReportTaskOptions) {}

  start(): void {
    this.first = setImmediate(() => void this.run());
    this.timer = setInterval(() => void this.run(), this.o.intervalMs ?? MONTHLY_REPORT_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.first) clearImmediate(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = this.timer = null;
  }

  /** Writes last month's files that are missing; answers the files it wrote (none when all were there). */
  async run(): Promise<string[]> {
    try {
      const { timezone } = await this.o.store.institution();
      const now = (this.o.now ?? (() => new Date()))();
      const month = previousMonth(new Date(now.getTime() - MONTHLY_REPORT_SETTLE_MS), timezone);
      const missing = EXPORT_FORMATS.filter((f) => !existsSync(join(this.o.dir, `report-${month}.${f}`)));
      if (!missing.length) return [];
      mkdirSync(this.o.dir, { recursive: true, mode: 0o700 });
      const report = await monthlyReport(this.o.store, month, timezone, null);
      const written: string[] = [];
      for (const format of missing) {
        const file = join(this.o.dir, `report-${month}.${format}`);
        const part = `${file}.${process.pid}.part`;
        writeFileSync(part, await exportTables(report.tables, format), { mode: 0o600 });
        try {
          linkSync(part, file);
          written.push(file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        } finally {
          unlinkSync(part);
        }
      }
      if (written.length) this.o.onWritten?.(written);
      return written;
    } catch (err) {
      this.o.onError?.(`monthly report not written (tried again in an hour): ${(err as Error).message}`);
      return [];
    }
  }
}
