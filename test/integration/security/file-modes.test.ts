/**
 * Attack (issue #12, finding 3): another local user of the kiosk or central machine reads the
 * databases (people's records, staff PIN hashes) because they were 0644 in 0755 folders. Now the
 * folders are 0700 and the database, WAL and SHM files 0600, also when an older version left them wider.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { openDatabase } from '../../../main/core/db.js';
import { JobStore } from '../../../main/core/job-store.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('database files', () => {
  it("another local user cannot read central's or the kiosk's databases", async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-modes-'));
    chmodSync(base, 0o755);
    const centralFile = join(base, 'central', 'central.sqlite');
    const store = await SqliteCentralStore.open(centralFile);
    const kioskFile = join(base, 'kiosk', 'kiosk.sqlite');
    const db = openDatabase(kioskFile);
    new JobStore(db).create({
      idempotencyKey: 'r:0',
      terminalId: 't',
      personId: 'p',
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    for (const file of [centralFile, kioskFile]) {
      expect(mode(join(file, '..'))).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
    }
    db.close();
    await store.close();
  });

  it('puts right what an older version left readable by everyone', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'estation-modes-old-')), 'kiosk');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = join(dir, 'kiosk.sqlite');
    openDatabase(file).close();
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o666);
    openDatabase(file).close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});
