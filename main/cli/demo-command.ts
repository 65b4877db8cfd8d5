/**
 * `estation demo`: the whole system on this machine (built-in central with demo data, simulated card
 * reader, file printer), in Electron when it is installed, otherwise in web mode.
 */
import { resolve } from 'node:path';
import { parseConfig } from '../../kiosk-config/load.js';
import { parse, portOption, printLines } from './args.js';
import { runKioskHost } from './kiosk-host.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    web: { type: 'boolean' },
    port: { type: 'string' },
    'no-open': { type: 'boolean' },
    data: { type: 'string' },
    out: { type: 'string' },
  });
  const dataDir = resolve(values.data ?? '.data/demo');
  const config = parseConfig({
    dataDir,
    printer: { type: 'file', dir: resolve(values.out ?? 'out/prints') },
    central: { url: 'embedded', heartbeatS: 5 },
  });
  return runKioskHost(config, {
    web: values.web ?? false,
    ...portOption(values.port),
    openBrowser: !values['no-open'],
    banner: printLines,
    configFile: null,
  });
}
