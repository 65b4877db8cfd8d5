/** The kiosk core never starts a central server: "embedded" is the command line's to start. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createKiosk, EmbeddedCentralError } from '../../../main/core/create-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';

const base = mkdtempSync(join(tmpdir(), 'estation-create-kiosk-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('createKiosk', () => {
  it('refuses central.url "embedded", saying which hosts start one and what to set instead', async () => {
    const config = parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } });
    const attempt = createKiosk(config, { log: silentLogger(), renderInWorker: false });
    await expect(attempt).rejects.toThrow(EmbeddedCentralError);
    await expect(attempt).rejects.toThrow(/estation demo.*central\.url.*central\.token/s);
  });
});
