/**
 * The station's signing key: generated once, written whole (never an empty file after a power cut),
 * and a key file that is empty, unreadable or not a key stops the start with a named error that says
 * how to fix it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey, SigningKeyError } from '../../../main/core/signing-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const failure = (fn: () => unknown): SigningKeyError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SigningKeyError);
    return err as SigningKeyError;
  }
  throw new Error('expected a SigningKeyError');
};

describe('signing key', () => {
  it('is generated once, readable only by the kiosk, with no scratch file left, and the same key at the next start', () => {
    const first = loadSigningKey({}, dir);
    expect(readdirSync(dir)).toEqual(['signing-key.pem']);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'signing-key.pem'), 'utf8')).toBe(first.privateKey);
    expect(loadSigningKey({}, dir).keyId).toBe(first.keyId);
  });

  it('left empty (a power cut under an older version): a named error that says to restore or delete it, and the file is kept', () => {
    writeFileSync(join(dir, 'signing-key.pem'), '');
    const err = failure(() => loadSigningKey({}, dir));
    expect(err).toMatchObject({ name: 'SigningKeyError', problem: 'empty', file: join(dir, 'signing-key.pem') });
    expect(err.message).toContain(join(dir, 'signing-key.pem'));
    expect(err.message).toMatch(/Restore it from a backup.*otherwise delete .*signing-key\.pem.*--verify-key/);
    expect(readFileSync(join(dir, 'signing-key.pem'), 'utf8')).toBe('');
  });

  it('not a key, or not readable: named as such', () => {
    writeFileSync(join(dir, 'signing-key.pem'), '-----BEGIN PRIVATE KEY-----\ntrunc');
    expect(failure(() => loadSigningKey({}, dir)).problem).toBe('invalid');
    rmSync(join(dir, 'signing-key.pem'));
    mkdirSync(join(dir, 'signing-key.pem'));
    expect(failure(() => loadSigningKey({}, dir)).problem).toBe('unreadable');
  });

  it('configured but missing or empty: the error points at signing.privateKeyFile, and nothing is generated', () => {
    const file = join(dir, 'university.pem');
    const missing = failure(() => loadSigningKey({ privateKeyFile: file }, dir));
    expect(missing).toMatchObject({ problem: 'unreadable', file });
    expect(missing.message).toMatch(/signing\.privateKeyFile/);
    writeFileSync(file, '\n');
    expect(failure(() => loadSigningKey({ privateKeyFile: file }, dir)).problem).toBe('empty');
    expect(readdirSync(dir)).toEqual(['university.pem']);
  });
});
