/**
 * `estation central migrate --from DIR --to postgres://…`: moves a site's central from its SQLite file to
 * a new, empty PostgreSQL database (central/store/pg/copy-from-sqlite.ts). Refuses while a central serves
 * the folder: rows written during the copy would be left behind.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runningCentrals } from '../../../central/running.js';
import { copySqliteToPostgres, MigrationRefused } from '../../../central/store/pg/copy-from-sqlite.js';
import { redactedUrl } from '../../../central/store/pg/pg-store.js';
import { parse, printLines, UsageError } from '../args.js';
import { databaseUrl } from './store-option.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { from: { type: 'string' }, to: { type: 'string' } });
  if (!values.from) throw new UsageError('migrate needs --from DIR: the data folder of the SQLite central');
  const url = databaseUrl({ database: values.to });
  if (!url) throw new UsageError('migrate needs --to postgres://USER:PASSWORD@HOST:PORT/DB (or ESTATION_DATABASE_URL)');
  const dir = resolve(values.from);
  const file = join(dir, 'central.sqlite');
  if (!existsSync(file)) {
    process.stderr.write(
      `There is no central database in ${dir} (no central.sqlite): give the folder central ran with --data.\n`,
    );
    return 1;
  }
  const running = runningCentrals(dir);
  if (running.length) {
    process.stderr.write(
      `A central server is running on ${dir} (${running.map((r) => `process ${r.pid}, ${r.url}`).join('; ')}): stop it first, then migrate. Nothing was copied.\n`,
    );
    return 1;
  }
  try {
    const copied = await copySqliteToPostgres(file, url);
    const rows = copied.reduce((n, t) => n + t.rows, 0);
    printLines([
      `Copied ${rows} rows in ${copied.length} tables from ${file} to ${redactedUrl(url)}:`,
      ...copied.filter((t) => t.rows > 0).map((t) => `  ${t.table.padEnd(28)} ${t.rows}`),
      `Start central on it with: estation central --database ${redactedUrl(url)} (or ESTATION_DATABASE_URL). Keep ${file} as it is: it is the copy you came from.`,
    ]);
    return 0;
  } catch (err) {
    if (!(err instanceof MigrationRefused)) throw err;
    process.stderr.write(`${err.message}\nNothing was copied.\n`);
    return 1;
  }
}
