/**
 * A central that charges paid copies through a real campus-card service (issue #17), both on loopback
 * with their data in temporary folders and the demo people seeded: the setup of the tests of what a
 * station, a student or an attacker meets when money is involved.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCampusCardServer, type CampusCardServer } from '../../campus-card/server.js';
import { CampusCardProvider } from '../../central/payments/campus-card-client.js';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import type { SqliteCentralStore } from '../../central/store/sqlite.js';

const TOKEN = 'charging-central-token-0123456789';

export interface ChargingCentral {
  central: RunningCentral<SqliteCentralStore>;
  service: CampusCardServer;
  close(): Promise<void>;
}

/** Central with `terminal` enrolled, charging through a new campus-card service. */
export async function startChargingCentral(terminal: string): Promise<ChargingCentral> {
  const service = await startCampusCardServer({ dataDir: mkdtempSync(join(tmpdir(), 'estation-card-')), token: TOKEN });
  const central = await startCentralServer({
    dataDir: mkdtempSync(join(tmpdir(), 'estation-central-charging-')),
    seedDemo: true,
    terminals: [{ id: terminal, name: terminal }],
    payments: { provider: new CampusCardProvider({ url: service.url, token: TOKEN, retryDelayMs: 10 }) },
  });
  return {
    central,
    service,
    async close() {
      await central.close();
      await service.close();
    },
  };
}
