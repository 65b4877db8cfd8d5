/**
 * A kiosk as the command line hosts it. With `central.url = "embedded"` (the demo) the command line,
 * not the kiosk core, starts the reference central server with demo data on a free loopback port and
 * hands the core its URL and this terminal's token: the core only ever talks to a central URL, and a
 * packaged Electron kiosk contains no central server. A station with the simulated reader is a demo:
 * staff may inject printer and central faults, and the demo people's cards appear as buttons.
 */
import type { SqliteCentralStore } from '../../central/store/sqlite.js';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningCentral } from '../../central/server.js';
import type { SeedPerson } from '../../central/seed/demo.js';
import { hasSimulatedReader, type KioskConfig } from '../../kiosk-config/schema.js';
import { createKiosk, type CreateKioskOptions, type Kiosk } from '../core/create-kiosk.js';
import { loadSigningKey } from '../core/signing-key.js';
import { ROLE_LABELS, STATUS_LABELS } from '../../shared/domain.js';

export interface HostedKiosk extends Kiosk {
  /** The built-in central server this host started, or null when the configuration names one. */
  central: RunningCentral<SqliteCentralStore> | null;
  /** Closes this kiosk and opens it again with the same configuration and built-in central (a remote restart). */
  reopen(): Promise<HostedKiosk>;
}

export interface HostedKioskOptions extends Omit<CreateKioskOptions, 'demoFaults'> {
  /** Port for the built-in central server (default 0: any free port). */
  centralPort?: number;
}

/**
 * The demo cards shown as buttons (and printed by `estation demo`): name, role in words (学生, 教师,
 * 工作人员), a student's major, an unusual status, and 兼维护 for a teacher who is also maintenance staff.
 */
export function demoCardsOf(people: readonly SeedPerson[]): { card: string; label: string }[] {
  return people.map((p) => {
    // Only a status other than the usual one (在读, 在职) is worth a word on the button.
    const usual = p.record?.role === 'teacher' ? 'active' : 'enrolled';
    const status = p.record && p.record.status !== usual ? STATUS_LABELS[p.record.status].zh : undefined;
    const maintains = p.role !== 'staff' && p.pin ? '兼维护人员' : undefined;
    const parts = [p.name, ROLE_LABELS[p.role].zh, p.role === 'student' ? p.major?.zh : undefined, status, maintains];
    return { card: p.card, label: parts.filter(Boolean).join(' · ') };
  });
}

/**
 * Starts the built-in central server if the configuration asks for it, and returns the configuration
 * that points at it (URL, token, demo cards). Central's data lives in `<dataDir>/central`.
 */
export async function startEmbeddedCentral(
  config: KioskConfig,
  port = 0,
): Promise<{ config: KioskConfig; central: RunningCentral<SqliteCentralStore> | null }> {
  if (config.central.url !== 'embedded') return { config, central: null };
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // Loaded only here: commands that need no built-in central do not pay for Fastify.
  const { startCentralServer } = await import('../../central/server.js');
  const { DEMO_LOOKUP_LIMITS } = await import('../../central/domain/lookup-limits.js');
  const central = await startCentralServer({
    dataDir: join(dataDir, 'central'),
    port,
    seedDemo: true,
    terminals: [{ id: config.terminal.id, name: config.terminal.name }],
    // The verification page accepts the documents this station signs.
    verifyKeys: [loadSigningKey(config.signing, dataDir).published],
    // Invented people and one person trying every card: no lookup limit in the way.
    lookupLimits: DEMO_LOOKUP_LIMITS,
  });
  const token = central.tokens[config.terminal.id] ?? '';
  return {
    config: {
      ...config,
      // The QR codes of the demo's documents point at the central that answers them, not at the profile's site.
      central: { ...config.central, url: central.url, token, verifyUrl: config.central.verifyUrl ?? central.url },
      demoCards: config.demoCards.length ? config.demoCards : demoCardsOf(central.people),
    },
    central,
  };
}

export async function createHostedKiosk(config: KioskConfig, options: HostedKioskOptions = {}): Promise<HostedKiosk> {
  const { centralPort, ...kioskOptions } = options;
  const embedded = await startEmbeddedCentral(config, centralPort);
  const open = async (): Promise<HostedKiosk> => {
    const kiosk = await createKiosk(embedded.config, { ...kioskOptions, demoFaults: hasSimulatedReader(config) });
    return {
      ...kiosk,
      central: embedded.central,
      async close() {
        await kiosk.close();
        await embedded.central?.close();
      },
      async reopen() {
        await kiosk.close();
        return open();
      },
    };
  };
  try {
    return await open();
  } catch (err) {
    await embedded.central?.close();
    throw err;
  }
}
