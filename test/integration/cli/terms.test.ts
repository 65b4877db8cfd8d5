/**
 * `estation central terms set` and `terms show` as an admin runs them: a real process on a real data
 * folder; a broken calendar lists every problem and changes nothing; `show --json` can be set again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'estation-terms-cli-'));
const data = join(dir, 'central');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', 'terms', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
function file(name: string, content: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

// Term 1 holds every date a test machine may run on, so `show` marks it as today's.
const CALENDAR = {
  gap: 'previous',
  terms: [
    { code: '2020-2021-1', name: { zh: '长学期', en: 'Long term' }, start: '2020-09-01', end: '2099-12-31' },
    { code: '2100-2101-1', name: { zh: '未来学期', en: 'Future term' }, start: '2100-09-01', end: '2101-01-15' },
  ],
};

describe('estation central terms', () => {
  it('show says there is no calendar yet, and how to set one', () => {
    const r = run('show', '--data', data);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('No academic calendar is set: free quotas never reset.');
    expect(r.stdout).toContain('estation central terms set FILE.json');
    expect(JSON.parse(run('show', '--json', '--data', data).stdout)).toBeNull();
  });

  it('set refuses a broken calendar with every problem, and changes nothing', () => {
    const broken = file('broken.json', {
      gap: 'sometimes',
      terms: [
        { ...CALENDAR.terms[0], end: '2020-08-01' },
        { ...CALENDAR.terms[1], code: '2100-2102-1' },
      ],
    });
    const r = run('set', broken, '--data', data);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The academic calendar has 3 problem(s):');
    expect(r.stderr).toContain('- gap: "sometimes" is not a gap rule');
    expect(r.stderr).toContain('- term 1 (2020-2021-1): it starts on 2020-09-01, after its last day 2020-08-01');
    expect(r.stderr).toContain('- term 2 (2100-2102-1), code: the second year must follow the first');
    expect(r.stderr).toContain('Nothing was changed');
    expect(run('show', '--data', data).stdout).toContain('No academic calendar is set');
  });

  it('set says what is wrong with a file that is missing or not JSON', () => {
    const missing = run('set', join(dir, 'nope.json'), '--data', data);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the calendar .*nope\.json: there is no such file/);
    const notJson = run('set', file('not.json', '{ gap: previous'), '--data', data);
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toMatch(/Cannot read the calendar .*not\.json: .*JSON/);
    expect(run('set', '--data', data).status).toBe(2);
    expect(run('sets', '--data', data).stderr).toMatch(/terms needs "set FILE.json" or "show", not "sets"/);
  });

  it("set puts a calendar in force; show prints it with today's term; show --json sets again unchanged", async () => {
    const r = run('set', file('calendar.json', CALENDAR), '--data', data);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Academic calendar version 1 is in force: 2 terms, 2020-09-01 to 2101-01-15; between terms: the last term still counts.',
    );
    const shown = run('show', '--data', data);
    expect(shown.stdout).toMatch(/^\* 2020-2021-1 {2}2020-09-01 to 2099-12-31 {2}长学期 \/ Long term$/m);
    expect(shown.stdout).toMatch(/^ {2}2100-2101-1 /m);
    expect(shown.stdout).toContain('free quotas count in: 2020-2021-1');
    const json = run('show', '--json', '--data', data).stdout;
    expect(JSON.parse(json)).toEqual(CALENDAR);
    expect(run('set', file('again.json', json), '--data', data).stdout).toContain('version 2 is in force');
    // What the server reads is what was set.
    const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    try {
      expect(await store.termCalendar()).toMatchObject({ version: 2, ...CALENDAR });
    } finally {
      await store.close();
    }
  });

  it('keeps the holidays and make-up working days of the calendar, refuses a weekday make-up day, and shows them', () => {
    const bad = run('set', file('bad-days.json', { ...CALENDAR, workdays: ['2026-10-09'] }), '--data', data);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('- workdays: 2026-10-09 is a Friday, a working day already');
    const days = { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] };
    const set = run('set', file('days.json', { ...CALENDAR, ...days }), '--data', data);
    expect(set.status, set.stderr).toBe(0);
    expect(run('show', '--data', data).stdout).toContain('Make-up working days (调休): 2026-10-10.');
    expect(JSON.parse(run('show', '--json', '--data', data).stdout)).toEqual({ ...CALENDAR, ...days });
  });
});
