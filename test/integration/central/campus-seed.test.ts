/**
 * `estation central --demo --people N`: a generated campus goes into a real SQLite central next to the
 * demo people, every generated card opens its person with a catalog, a second start changes nothing,
 * and the command refuses --people without --demo.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { campusPeople } from '../../../central/seed/campus.js';
import { seedCampus } from '../../../central/seed/seed-campus.js';
import { startCentralServer } from '../../../central/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'estation-campus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a generated demo campus', () => {
  it('is stored beside the demo people, opens every card with a catalog, and a second start changes nothing', async () => {
    const central = await startCentralServer({ dataDir: dir, seedDemo: true, campusPeople: 250 });
    try {
      const generated = [...campusPeople({ people: 250 })];
      for (const p of generated.slice(0, 60)) {
        const found = await central.store.lookupCard(p.cards[0]!);
        expect(found?.person.id, p.id).toBe(p.id);
        if (p.role === 'student') expect(found!.catalog.length).toBeGreaterThan(0);
      }
      // The demo's own people are still there.
      expect(await central.store.lookupCard(central.people[0]!.card)).not.toBeNull();
      const again = await seedCampus(central.store, 250);
      expect(again).toEqual({ created: 0, updated: 0, unchanged: 250, rejected: 0 });
      // A withdrawn student of the generated campus sees why 在读证明 is unavailable.
      const withdrawn = generated.find((p) => p.status === 'withdrawn')!;
      const item = (await central.store.lookupCard(withdrawn.cards[0]!))!.catalog.find((c) => c.kind === 'enrollment')!;
      expect(item).toMatchObject({ available: false, unavailableReason: 'not_eligible' });
    } finally {
      await central.close();
    }
  });

  it('is refused without --demo, with the way to ask for it', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'estation'), 'central', '--people', '100', '--data', dir],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--people generates a demo campus: give it together with --demo/);
  });
});
