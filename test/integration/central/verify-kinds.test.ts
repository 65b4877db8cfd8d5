/**
 * The public verification page for kinds that are data: the document's title and validity come from
 * the kind at central (a kind no code knows is titled as its record says), a document past its
 * validity says so, an ES2 payload names the kind by its id, and an ES1 payload printed before kinds
 * were data still checks out against its record.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCentralApp } from '../../../central/app.js';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import { setKind } from '../../../central/store/kinds.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { keyIdOf, maskName, publishedKey, signVerification } from '../../../lib/verification.js';
import { PersonRecord } from '../../../shared/person-record.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const KID = keyIdOf(publicKey);
let dir = '';
let now = new Date('2026-12-03T02:00:00.000Z');
let store: SqliteCentralStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-verify-kinds-'));
  now = new Date('2026-12-03T02:00:00.000Z');
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'), { now: () => now });
  await store.upsertPeople([
    PersonRecord.parse({
      id: 'S2023001',
      cards: ['0100000001'],
      name: { zh: '林晓雨', en: 'LIN Xiaoyu' },
      role: 'student',
      status: 'enrolled',
      college: { zh: '数学学院', en: 'School of Mathematics' },
      entryDate: '2023-09-01',
    }),
  ]);
  await store.enrollTerminal('k', 'K');
  await setKind(
    store.sql,
    {
      ...builtinKinds().find((k) => k.id === 'enrollment')!,
      id: 'library-clearance',
      title: { zh: '离校图书清还证明', en: 'Library Clearance Certificate' },
      codePrefix: 'L',
      validityDays: 30,
      purposes: [],
    },
    'test',
    now.toISOString(),
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function page(code: string, payload?: string) {
  const app = createCentralApp({ store, verifyKeys: [publishedKey(publicKey, KID)] });
  const res = await app.inject({ url: `/verify/${code}${payload ? `?p=${payload}` : ''}` });
  await app.close();
  return { status: res.statusCode, html: res.body, state: /data-state="(\w+)"/.exec(res.body)?.[1] };
}

/** An authorized document the station reported printed: only those verify as genuine (#12 finding 10). */
async function authorize(kind: string, jobId: string) {
  const auth = await store.authorize('k', { jobId, personId: 'S2023001', kind, language: 'zh', copies: 1 });
  await store.report('k', [
    { jobId, serial: auth.serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: auth.issuedAt },
  ]);
  return auth;
}

describe('verifying documents of kinds that are data', () => {
  it('titles the document as its kind says, with the day its validity ends, and signs its id (ES2)', async () => {
    const auth = await authorize('library-clearance', 'j-1');
    const payload = signVerification(
      {
        serial: auth.serial,
        kind: 'library-clearance',
        issuedAt: auth.issuedAt,
        expiresAt: '2027-01-02T15:59:59.000Z',
        terminalId: 'k',
        digest: 'ab'.repeat(32),
        holder: maskName('林晓雨'),
        keyId: KID,
      },
      privateKey,
    );
    const p = await page(auth.verificationCode, payload);
    expect(p.status).toBe(200);
    expect(p.state).toBe('genuine');
    expect(p.html).toContain('<dd>离校图书清还证明</dd>');
    // Issued 3 December in Beijing, valid 30 days.
    expect(p.html).toContain('<dt>有效期至</dt><dd>2027-01-02</dd>');
  });

  it('says a document past its validity is no longer valid', async () => {
    // Issued in January 2026 (the store's clock); the page checks against today's date, long after.
    now = new Date('2026-01-05T01:00:00.000Z');
    const auth = await authorize('library-clearance', 'j-2');
    const p = await page(auth.verificationCode);
    expect(p.html).toContain('<dt>有效期至</dt><dd>2026-02-04</dd>');
    expect(p.state).toBe('expired');
    expect(p.html).toContain('该文件已超过有效期');
    expect(p.html).toContain('validity has ended');
  });

  it('still checks an ES1 payload printed before kinds were data against its record', async () => {
    const auth = await authorize('transcript', 'j-3');
    // Signed as the earlier release signed it: the kind as the letter T.
    const body = Buffer.from(
      JSON.stringify([
        'T',
        auth.serial,
        Math.floor(Date.parse(auth.issuedAt) / 1000),
        Math.floor(Date.parse(auth.issuedAt) / 1000) + 365 * 86400,
        'k',
        'q6urq6urq6urq6urq6urqw',
        '林*雨',
        KID,
      ]),
    );
    const es1 = `ES1.${body.toString('base64url')}.${sign(null, body, privateKey).toString('base64url')}`;
    const p = await page(auth.verificationCode, es1);
    expect(p.state).toBe('genuine');
    expect(p.html).toContain('<dd>成绩单</dd>');
    // An ES1 payload naming another kind than the record does not match it.
    const other = await page((await authorize('enrollment', 'j-4')).verificationCode, es1);
    expect(other.state).toBe('invalid');
  });
});
