/** The institution profile's one schema: every problem named with its field path, and the shipped example valid. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InstitutionFileError, loadInstitutionFile } from '../../../central/institution-file.js';
import {
  DEMO_INSTITUTION,
  InstitutionProfile,
  MAX_SEAL_BYTES,
  officeFor,
  profileProblems,
} from '../../../shared/institution.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'central/examples/institution/profile.json');
const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

function problems(profile: unknown): string[] {
  const r = InstitutionProfile.safeParse(profile);
  return r.success ? [] : profileProblems(r.error);
}

/** Writes `profile` (and files) into a fresh folder and returns the profile's path. */
function profileFile(profile: unknown, files: Record<string, Uint8Array | string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'estation-institution-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
  return join(dir, 'profile.json');
}

function loadProblems(file: string): string[] {
  try {
    loadInstitutionFile(file);
  } catch (err) {
    if (err instanceof InstitutionFileError) return err.problems;
    throw err;
  }
  return [];
}

describe('institution profile', () => {
  it('the shipped example is valid and its seal is read as PNG bytes', () => {
    const loaded = loadInstitutionFile(EXAMPLE);
    expect(loaded.serialPrefix).toBe('DHUT');
    const seal = officeFor(loaded, 'transcript')!.seal!;
    expect(Buffer.from(seal)).toEqual(readFileSync(join(ROOT, 'central/examples/institution/registrar-seal.png')));
  });

  it('names every problem with its field path, all at once', () => {
    const p = example();
    const found = problems({
      ...p,
      name: { zh: '', en: 'Donghu University of Technology' },
      serialPrefix: 'dhut1',
      timezone: 'Asia/Beijing',
      verificationUrl: 'ftp://verify.example',
      offices: [{ id: 'Registrar', name: { zh: '教务处', en: 'Registry' }, kinds: ['Diploma Certificate'] }],
      colour: 'red',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name\.zh: must not be empty/),
        expect.stringMatching(/^serialPrefix: must be 2 to 8 capital letters/),
        expect.stringMatching(/^timezone: must be an IANA timezone/),
        expect.stringMatching(/^verificationUrl: must be an http\(s\) URL/),
        expect.stringMatching(/^offices\.0\.id: must be lowercase letters/),
        expect.stringMatching(/^offices\.0\.kinds\.0: /),
        expect.stringMatching(/colour/),
      ]),
    );
    expect(found).toHaveLength(7);
  });

  it('an office id is used once, and a document kind has one issuing office', () => {
    const office = { name: { zh: '教务处', en: 'Registry' } };
    expect(
      problems({
        ...example(),
        offices: [
          { ...office, id: 'registrar', kinds: ['transcript'] },
          { ...office, id: 'registrar', kinds: [] },
          { ...office, id: 'graduate-school', kinds: ['enrollment', 'transcript'] },
        ],
      }),
    ).toEqual([
      'offices.1.id: "registrar" is used by another office',
      'offices.2.kinds.1: "transcript" is already sealed by office "registrar"; a document kind has one issuing office',
    ]);
  });

  it('the timezone defaults to Asia/Shanghai, and a name with a line break is refused', () => {
    const { timezone: _tz, ...rest } = example();
    expect(InstitutionProfile.parse(rest).timezone).toBe('Asia/Shanghai');
    expect(problems({ ...rest, contact: { zh: '电话\n010', en: 'x' } })).toEqual([
      'contact.zh: must not hold control characters or line breaks',
    ]);
  });

  it('checks each seal: it exists, is a PNG, and is not too large', () => {
    const png = readFileSync(join(ROOT, 'central/examples/institution/registrar-seal.png'));
    const withSeal = (seal: string) => ({
      ...example(),
      offices: [{ id: 'registrar', name: { zh: '教务处', en: 'Registry' }, kinds: ['transcript'], seal }],
    });
    expect(loadProblems(profileFile(withSeal('gone.png')))).toEqual([
      expect.stringMatching(/^offices\.0\.seal: the seal image .*gone\.png does not exist/),
    ]);
    expect(loadProblems(profileFile(withSeal('seal.png'), { 'seal.png': 'GIF89a not a png at all, really' }))).toEqual([
      expect.stringMatching(/^offices\.0\.seal: the seal image .*seal\.png is not a PNG file/),
    ]);
    const huge = Buffer.concat([png, Buffer.alloc(MAX_SEAL_BYTES)]);
    expect(loadProblems(profileFile(withSeal('seal.png'), { 'seal.png': huge }))).toEqual([
      expect.stringMatching(/^offices\.0\.seal: the seal image .*seal\.png is \d+ KB; at most 1024 KB/),
    ]);
    expect(loadProblems(profileFile(withSeal('seal.png'), { 'seal.png': png }))).toEqual([]);
  });

  it('a file that is not JSON, or missing, is one problem that says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'estation-institution-'));
    writeFileSync(join(dir, 'bad.json'), '{ "name": ');
    expect(loadProblems(join(dir, 'bad.json'))).toEqual([expect.stringMatching(/^\(the file\): is not JSON/)]);
    expect(loadProblems(join(dir, 'none.json'))).toEqual(['(the file): does not exist']);
  });

  it('the demo university seals every document kind at its registrar', () => {
    for (const kind of ['enrollment', 'transcript', 'student-status'])
      expect(officeFor(DEMO_INSTITUTION, kind)?.id).toBe('registrar');
    expect(problems({ ...DEMO_INSTITUTION })).toEqual([]);
  });

  it('no built-in template has a university or office name baked in', () => {
    const dir = join(ROOT, 'templates/builtin');
    for (const id of readdirSync(dir)) {
      const layout = readFileSync(join(dir, id, 'layout.json'), 'utf8');
      for (const baked of ['示范', 'Demo University', 'DEMO UNIVERSITY', '教务处', 'Academic Affairs', '大学'])
        expect(layout, `${id} says "${baked}"`).not.toContain(baked);
    }
  });
});
