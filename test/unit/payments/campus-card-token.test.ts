/**
 * The campus-card service's token file: made with a random token (0600) when missing, read when present,
 * refused with what to do when it holds no token; a folder that already exists keeps its mode.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrCreateToken, TokenFileError } from '../../../campus-card/token.js';

const dir = () => mkdtempSync(join(tmpdir(), 'estation-card-token-'));

describe('the campus-card token file', () => {
  it('is made when missing (random, 0600, in a new 0700 folder), then read back', () => {
    const file = join(dir(), 'new', 'token');
    const made = readOrCreateToken(file);
    expect(made.created).toBe(true);
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(readOrCreateToken(file)).toEqual({ token: made.token, created: false });
    expect(readOrCreateToken(join(dir(), 'other')).token).not.toBe(made.token);
  });

  it('leaves an existing folder as it is', () => {
    const shared = dir();
    chmodSync(shared, 0o755);
    readOrCreateToken(join(shared, 'token'));
    expect(statSync(shared).mode & 0o777).toBe(0o755);
  });

  it('refuses a file that holds no token, saying what to do, and does not overwrite it', () => {
    const file = join(dir(), 'token');
    writeFileSync(file, 'short token\n');
    expect(() => readOrCreateToken(file)).toThrow(TokenFileError);
    expect(() => readOrCreateToken(file)).toThrow(/does not hold a token .* delete it to have a new one made/);
    expect(readFileSync(file, 'utf8')).toBe('short token\n');
  });
});
