/**
 * Attack (issue #12, finding 7): one original plus 5 chained reprints gave 6 serials, all free; a
 * reprint in another language was accepted (and unlocked the other language's data). Now a reprint is
 * of an original only (never of a reprint), once, in the original's kind and language.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPeople, type SeedPerson } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { AuthorizationRefused } from '../../../central/store/types.js';

let dir: string;
let store: SqliteCentralStore;
let student: SeedPerson;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-reprint-abuse-'));
  store = new SqliteCentralStore(join(dir, 'central.sqlite'));
  const people = demoPeople();
  store.seed(people);
  student = people.find((p) => p.role === 'student')!;
  await store.enrollTerminal('k', 'K');
  await store.recordCardLookup('k', student.id);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (jobId: string, reprintOf?: string, language: 'zh' | 'en' = 'zh') =>
  store.authorize('k', {
    jobId,
    personId: student.id,
    kind: 'enrollment',
    language,
    copies: 1,
    ...(reprintOf ? { reprintOf } : {}),
  });
const serials = () => (store.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;

describe('reprint abuse (issue #12, finding 7)', () => {
  it('chained reprints: a reprint of a reprint is refused, so one original gives at most two serials', async () => {
    await ask('orig');
    await ask('reprint-1', 'orig');
    await expect(ask('reprint-2', 'reprint-1')).rejects.toThrow(AuthorizationRefused);
    await expect(ask('reprint-2', 'reprint-1')).rejects.toThrow(/itself a reprint of orig/);
    // Nor a second reprint of the same original.
    await expect(ask('reprint-3', 'orig')).rejects.toThrow(/already reprinted as reprint-1/);
    expect(serials()).toBe(2);
  });

  it('a reprint in another language is refused: it would issue (and unlock) a document the student never asked for', async () => {
    await ask('orig-zh');
    await expect(ask('reprint-en', 'orig-zh', 'en')).rejects.toThrow(
      /original is in zh; a reprint is in the original's language/,
    );
    expect(serials()).toBe(1);
    expect(await store.hasAuthorizedDocument('k', student.id, 'enrollment', 'en')).toBe(false);
  });
});
