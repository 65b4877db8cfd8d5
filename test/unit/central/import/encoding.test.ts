/** Encodings of import files: UTF-8 (with or without BOM) as it is, anything else GB18030, a wrong --encoding refused. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, decoder, parseEncoding, scanFile } from '../../../../central/import/encoding.js';
import { ImportFileError } from '../../../../central/import/problems.js';

const SAMPLE = resolve(import.meta.dirname, '../../../fixtures/jwxt-export/students.csv');
const dir = mkdtempSync(join(tmpdir(), 'encoding-test-'));
const file = (name: string, bytes: Buffer) => {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
};
/** 欧阳䶮 in GB18030 (䶮 is outside GBK's common set). */
const OUYANG_YAN_GB18030 = Buffer.from('c5b7d1f4fe9f', 'hex');

async function decodeAll(f: string, enc: Parameters<typeof decoder>[1], bytes: Buffer): Promise<string> {
  const d = decoder(f, enc);
  const out: string[] = [];
  d.on('data', (s: string) => out.push(s));
  const done = new Promise((res, rej) => d.on('end', res).on('error', rej));
  d.end(bytes);
  await done;
  return out.join('');
}

describe('import file encodings', () => {
  it('finds that a UTF-8 file, with or without BOM, is UTF-8', async () => {
    const plain = file('plain.csv', Buffer.from('id,name.zh\n1,欧阳䶮\n'));
    const bom = file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\n1\n')]));
    for (const f of [plain, bom]) {
      const scan = await scanFile(f);
      expect(scan.firstNonUtf8Line).toBeUndefined();
      expect(chooseEncoding(f, scan, undefined)).toBe('utf-8');
    }
  });

  it('reads a GBK export (the real sample) as GB18030, and names its SHA-256', async () => {
    const scan = await scanFile(SAMPLE);
    expect(scan.firstNonUtf8Line).toBe(1);
    expect(scan.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(chooseEncoding(SAMPLE, scan, undefined)).toBe('gb18030');
  });

  it('finds the line of the first byte that is not UTF-8', async () => {
    const f = file('late.csv', Buffer.concat([Buffer.from('id,name.zh\n1,a\n2,b\n3,'), OUYANG_YAN_GB18030]));
    expect((await scanFile(f)).firstNonUtf8Line).toBe(4);
  });

  it('refuses a GBK file forced as UTF-8, naming the row and --encoding gbk', async () => {
    const scan = await scanFile(SAMPLE);
    let err: unknown;
    try {
      chooseEncoding(SAMPLE, scan, 'utf-8');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).problem.row).toBe(1);
    expect((err as Error).message).toMatch(/not UTF-8.*looks like GBK.*--encoding gbk/);
  });

  it('refuses, before reading anything, a file in neither encoding or not in the one asked for', async () => {
    // 0xFF is neither UTF-8 nor GB18030; it comes on line 3.
    const neither = file('neither.csv', Buffer.from([0x69, 0x64, 0x0a, 0x31, 0x0a, 0xff, 0x0a]));
    const scan = await scanFile(neither);
    expect(scan).toMatchObject({ firstNonUtf8Line: 3, firstNonGb18030Line: 3 });
    expect(() => chooseEncoding(neither, scan, undefined)).toThrow(
      /neither\.csv row 3: this row is neither UTF-8 nor GBK/,
    );
    expect(() => chooseEncoding(neither, scan, 'gbk')).toThrow(
      /neither\.csv row 3: this row is not GBK\. Save the file/,
    );
    // 中 in UTF-8 is E4 B8 AD: E4 B8 is a GB18030 pair, AD before a line break is not.
    const utf8 = file('utf8.csv', Buffer.from('id\n中\n'));
    const u = await scanFile(utf8);
    expect(u).toMatchObject({ firstNonGb18030Line: 2 });
    expect(() => chooseEncoding(utf8, u, 'gb18030')).toThrow(
      /row 2: this row is not GB18030; the file is UTF-8: leave --encoding out/,
    );
  });

  it('decodes GB18030 rare characters (䶮) and refuses bytes GB18030 does not have', async () => {
    expect(await decodeAll('x.csv', 'gbk', OUYANG_YAN_GB18030)).toBe('欧阳䶮');
    await expect(decodeAll('x.csv', 'gb18030', Buffer.from([0x41, 0x0a, 0xff]))).rejects.toThrow(
      /x\.csv row 2: this row is not valid GB18030/,
    );
  });

  it('takes --encoding as admins write it', () => {
    expect(parseEncoding('GBK')).toBe('gbk');
    expect(parseEncoding('utf8')).toBe('utf-8');
    expect(parseEncoding('GB-18030')).toBe('gb18030');
    expect(parseEncoding('latin1')).toBeUndefined();
  });
});
