/// <reference lib="dom" />
/**
 * Shared steps for the kiosk UI specs: start a demo with short timeouts, tap cards, read the kiosk's
 * and central's SQLite files, and change central's demo catalog.
 */
import type { PersonStatus } from '../../../shared/domain.js';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { SqliteSql } from '../../../lib/sql/sqlite-sql.js';
import type { Sql } from '../../../lib/sql/types.js';
import { connectKioskApi, startDemo, type DemoProcess, type KioskApiClient } from '../../helpers/demo-process.js';
import { currentKind, currentKinds, setKind, setKindDisabled } from '../../../central/store/kinds.js';

export interface Station {
  demo: DemoProcess;
  api: KioskApiClient;
  students: { card: string; label: string }[];
  staff: { card: string; label: string }[];
  stop(): Promise<void>;
}

export const STAFF_PIN = '246810';

export async function startStation(env: NodeJS.ProcessEnv = {}): Promise<Station> {
  const demo = await startDemo([], { ESTATION_IDLE_TIMEOUT_S: '600', ESTATION_DONE_COUNTDOWN_S: '600', ...env });
  const api = await connectKioskApi(demo.dataDir);
  const { cards } = await api.call<{ cards: { card: string; label: string }[] }>('listDemoCards');
  return {
    demo,
    api,
    students: cards.filter((c) => !c.card.startsWith('9000')),
    staff: cards.filter((c) => c.card.startsWith('9000')),
    async stop() {
      api.close();
      await demo.stop();
    },
  };
}

export async function openStation(page: Page, station: Station): Promise<void> {
  await page.goto(station.demo.launchUrl);
  await expect(page.getByTestId('screen-idle')).toBeVisible();
}

/** Taps a card on the simulated reader through the on-screen demo button (what a visitor does). */
export async function tapCard(page: Page, card: string): Promise<void> {
  await page.locator(`button.demo-card[data-card="${card}"]`).click();
}

export function studentName(label: string): string {
  return label.split(' · ')[0]!;
}

export async function openPreview(page: Page, kind = 'enrollment', language = 'zh'): Promise<void> {
  await page.getByTestId(`open-${kind}-${language}`).click();
  await expect(page.getByTestId('screen-preview')).toBeVisible();
  await expect(page.getByTestId('pdf-preview')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
}

export function withDb<T>(file: string, fn: (db: Database.Database) => T, readonly = true): T {
  const db = new Database(file, { readonly });
  db.pragma('busy_timeout = 5000');
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Central's database of the demo, through the store's own Sql (the demo's central runs in another process meanwhile). */
async function withCentralSql<T>(s: Station, fn: (db: Sql) => Promise<T>, readonly = true): Promise<T> {
  const raw = new Database(centralDb(s), { readonly });
  raw.pragma('busy_timeout = 5000');
  const db = new SqliteSql(raw);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export const kioskDb = (s: Station) => join(s.demo.dataDir, 'kiosk.sqlite');
export const centralDb = (s: Station) => join(s.demo.dataDir, 'central', 'central.sqlite');

/** Changes a document kind in central's demo catalog as a new version of it (central reads it on every card lookup). */
/** Every kind central offers now, with its free copies and fee (to restore after a test changed them). */
export async function kindQuotas(s: Station): Promise<{ kind: string; free: number; feeCents: number }[]> {
  return withCentralSql(s, async (db) =>
    (await currentKinds(db)).map((k) => ({
      kind: k.definition.id,
      free: k.definition.freePerTerm,
      feeCents: k.definition.feeCents,
    })),
  );
}

export async function setCatalog(
  s: Station,
  kind: string,
  change: { free?: number; feeCents?: number; maxCopies?: number; roles?: string; statuses?: PersonStatus[] },
): Promise<void> {
  await withCentralSql(
    s,
    async (db) => {
      const k = await currentKind(db, kind);
      if (!k) throw new Error(`central holds no kind ${kind}`);
      // Roles that name no audience (`staff`): the kind is withheld from everyone, as a disabled kind.
      const audience = change.roles?.split(',').filter((r) => r === 'student' || r === 'teacher');
      if (audience) await setKindDisabled(db, kind, audience.length === 0, 'e2e', new Date().toISOString());
      await setKind(
        db,
        {
          ...k.definition,
          ...(change.free !== undefined ? { freePerTerm: change.free } : {}),
          ...(change.feeCents !== undefined ? { feeCents: change.feeCents } : {}),
          ...(change.maxCopies !== undefined ? { maxCopies: change.maxCopies } : {}),
          ...(audience?.length ? { audience } : {}),
          ...(change.statuses ? { statuses: change.statuses } : {}),
        },
        'e2e',
        new Date().toISOString(),
      );
    },
    false,
  );
}

export async function setFaults(s: Station, faults: { printer?: string; central?: string }): Promise<void> {
  await s.api.call('simulateFaults', faults);
}

/** Everything the page keeps in storage, for privacy assertions (the session cookie is HttpOnly, not storage). */
export async function storageDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (let i = 0; i < localStorage.length; i++)
      parts.push(`local:${localStorage.key(i)}=${localStorage.getItem(localStorage.key(i)!)}`);
    for (let i = 0; i < sessionStorage.length; i++)
      parts.push(`session:${sessionStorage.key(i)}=${sessionStorage.getItem(sessionStorage.key(i)!)}`);
    if ('caches' in window) parts.push(...(await caches.keys()).map((k) => `cache:${k}`));
    const dbs = 'databases' in indexedDB ? await indexedDB.databases() : [];
    parts.push(...dbs.map((d) => `idb:${d.name}`));
    return parts.join('\n');
  });
}
