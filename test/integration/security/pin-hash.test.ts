/**
 * Attack (issue #12, finding 3): a copied central database and an offline guess of every 6-digit staff
 * PIN. PIN hashes now carry explicit scrypt parameters four times Node's default work; a hash made by
 * an older version (Node's defaults, `salt:hash`) still opens, and is made again with today's
 * parameters at that moment. A tampered row cannot make a check take gigabytes.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { checkPin, hashPin, PIN_SCRYPT } from '../../../lib/pin-hash.js';

const legacy = (pin: string) => {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`;
};

describe('staff PIN hashes', () => {
  it('an offline guess from a copied database: hashes carry costly scrypt parameters', () => {
    const stored = hashPin('246810');
    expect(stored).toMatch(
      new RegExp(`^scrypt\\$${PIN_SCRYPT.N}\\$${PIN_SCRYPT.r}\\$${PIN_SCRYPT.p}\\$[0-9a-f]{32}\\$[0-9a-f]{64}$`),
    );
    expect(PIN_SCRYPT.N * PIN_SCRYPT.r * PIN_SCRYPT.p).toBeGreaterThanOrEqual(4 * 16384 * 8);
    expect(checkPin('246810', stored)).toEqual({ ok: true, stale: false });
    expect(checkPin('246811', stored)).toEqual({ ok: false, stale: false });
    expect(checkPin('246810', legacy('246810'))).toEqual({ ok: true, stale: true });
  });

  it('a tampered row asking for huge parameters is refused without running them', () => {
    const [, , , , salt, hash] = hashPin('246810').split('$');
    expect(checkPin('246810', `scrypt$${1 << 30}$8$1$${salt}$${hash}`)).toEqual({ ok: false, stale: false });
    expect(checkPin('246810', `scrypt$1000$8$1$${salt}$${hash}`)).toEqual({ ok: false, stale: false });
    expect(checkPin('246810', 'garbage')).toEqual({ ok: false, stale: false });
  });

  it("an older version's hash opens with the right PIN and is made again then, not on a wrong one", async () => {
    const store = await SqliteCentralStore.open(join(mkdtempSync(join(tmpdir(), 'estation-pin-')), 'central.sqlite'));
    await store.seed([{ id: 'T9', card: '9000000099', name: '旧哈希', nameLatin: '', role: 'staff', pin: '135790' }]);
    store.db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(legacy('135790'), 'T9');
    const hashNow = () =>
      (store.db.prepare("SELECT pin_hash FROM staff WHERE id = 'T9'").get() as { pin_hash: string }).pin_hash;

    expect(await store.verifyStaff('9000000099', '000000')).toBeNull();
    expect(hashNow()).not.toMatch(/^scrypt\$/);
    expect(await store.verifyStaff('9000000099', '135790')).toEqual({ id: 'T9', name: '旧哈希' });
    expect(hashNow()).toMatch(new RegExp(`^scrypt\\$${PIN_SCRYPT.N}\\$`));
    expect(await store.verifyStaff('9000000099', '135790')).toEqual({ id: 'T9', name: '旧哈希' });
    await store.close();
  });
});
