/**
 * `estation central kinds` as an admin meets it: the real command line on a real central database.
 * The built-ins listed, a new kind set from a file and shown, every problem of a bad file listed with
 * its field path and nothing changed, a code prefix another kind has refused, disable and enable as
 * versions recorded with who ran them, and the catalog following.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', 'kinds', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });

const LIBRARY = {
  id: 'library-clearance',
  title: { zh: '离校图书清还证明', en: 'Library Clearance Certificate' },
  audience: ['student'],
  statuses: ['enrolled', 'graduated'],
  fields: ['student'],
  languages: ['zh', 'en'],
  feeCents: 0,
  freePerTerm: 2,
  maxCopies: 2,
  validityDays: 30,
  codePrefix: 'L',
};

function definitionFile(definition: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'estation-kinds-file-')), 'kind.json');
  writeFileSync(file, JSON.stringify(definition, null, 2));
  return file;
}

describe('estation central kinds', () => {
  it('lists the built-in kinds of a new central, and shows one with its definition', () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-kinds-data-'));
    const list = run('list', '--data', data);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^12 document kinds \(0 disabled\):/);
    expect(list.stdout).toMatch(/income-certificate\s+IN\s+teacher\s+v1\s+enabled\s+收入证明 \/ Certificate of Income/);
    const json = JSON.parse(run('list', '--data', data, '--json').stdout) as { definition: { id: string } }[];
    expect(json.map((k) => k.definition.id)).toEqual(builtinKinds().map((k) => k.id));

    const show = run('show', 'transcript', '--data', data);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain('transcript: 成绩单 / Academic Transcript');
    expect(show.stdout).toContain('Fee: 2.00 yuan per copy after 2 free per term; at most 10 per request');
    expect(show.stdout).toContain('sealed by registrar (教务处 / Office of Academic Affairs)');
    const shown = JSON.parse(run('show', 'transcript', '--data', data, '--json').stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ version: 1, disabled: false, setBy: 'built-in', history: [{ version: 1 }] });
    expect(shown.definition).toEqual(builtinKinds().find((k) => k.id === 'transcript'));
  });

  it('sets a new kind from a file, refusing a bad file with every problem and changing nothing', async () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-kinds-data-'));
    const bad = run(
      'set',
      definitionFile({ ...LIBRARY, statuses: ['enrolled', 'expelled'], fields: ['student', 'books'], codePrefix: 'l' }),
      '--data',
      data,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      'statuses.1: "expelled" is not a status; use one of enrolled, suspended, withdrawn, graduated, completed, active, retired, left',
    );
    expect(bad.stderr).toMatch(/fields\.1: "books" is not a data block; use one of student, courses, /);
    expect(bad.stderr).toContain('codePrefix: "l": a code prefix is 1 to 3 capital letters');
    expect(bad.stderr).toContain('Nothing was changed; fix the file and run the command again');

    const clash = run('set', definitionFile({ ...LIBRARY, codePrefix: 'TI' }), '--data', data);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/codePrefix: "TI" is the code prefix of "title-certificate" \(职称证明\)/);
    expect(run('show', 'library-clearance', '--data', data).status).toBe(1);

    const notJson = definitionFile('');
    writeFileSync(notJson, '{ "id": ');
    expect(run('set', notJson, '--data', data).stderr).toMatch(/is not JSON/);

    const set = run('set', definitionFile(LIBRARY), '--data', data);
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^Document kind library-clearance version 1 is now in force:/);
    expect(set.stdout).toContain('Valid 30 days; verification codes L-XXXX-XXXX-XXXX');
    expect(run('set', definitionFile(LIBRARY), '--data', data).stdout).toMatch(
      /^Document kind library-clearance is already so \(version 1\); nothing changed:/,
    );
    const again = run('set', definitionFile({ ...LIBRARY, maxCopies: 1 }), '--data', data);
    expect(again.stdout).toMatch(/^Document kind library-clearance version 2 is now in force:/);

    const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    expect(await store.kindDefinition('library-clearance')).toMatchObject({
      version: 2,
      setBy: `os:${userInfo().username}`,
      definition: { maxCopies: 1, purposes: [], sensitive: [] },
    });
    await store.close();
  });

  it('disables and enables a kind as versions; a disabled kind is in no catalog', async () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-kinds-data-'));
    const off = run('disable', 'cet-report', '--data', data);
    expect(off.status, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/Document kind cet-report is disabled \(version 2\): it is in no catalog/);
    expect(run('disable', 'cet-report', '--data', data).stdout).toMatch(/was already disabled; nothing changed/);
    expect(run('list', '--data', data).stdout).toMatch(/cet-report\s+C\s+student\s+v2\s+DISABLED/);

    const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    const { demoPeople } = await import('../../../central/seed/demo.js');
    const student = demoPeople().find((p) => p.role === 'student')!;
    await store.seed([student]);
    expect((await store.lookupCard(student.card))!.catalog.map((c) => c.kind)).not.toContain('cet-report');
    const on = run('enable', 'cet-report', '--data', data);
    expect(on.stdout).toMatch(/Document kind cet-report is enabled again \(version 3\)/);
    expect((await store.lookupCard(student.card))!.catalog.map((c) => c.kind)).toContain('cet-report');
    await store.close();

    const unknown = run('disable', 'diploma', '--data', data);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Central has no document kind "diploma"/);
  });

  it('takes the example kind in central/examples as it is', () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-kinds-data-'));
    const set = run('set', join(ROOT, 'central/examples/kinds/library-clearance.json'), '--data', data);
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toContain('library-clearance: 离校图书清还证明 / Library Clearance Certificate');
  });

  it('explains a usage mistake', () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-kinds-data-'));
    const none = run('--data', data);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/kinds needs "list", "show ID", "set FILE.json", "disable ID" or "enable ID"/);
    expect(run('show', '--data', data).stderr).toMatch(/kinds show needs one kind id/);
    expect(run('disable', 'Not_A_Kind', '--data', data).stderr).toMatch(/a kind id is lower-case letters/);
  });
});
