/** `estation kiosk`: a kiosk with a configuration file, in Electron when it is installed, otherwise in web mode. */
import { loadConfig } from '../../kiosk-config/load.js';
import { parse, portOption, printLines } from './args.js';
import { runKioskHost } from './kiosk-host.js';

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'rotate-key') return (await import('./kiosk/rotate-key.js')).run(argv.slice(1));
  const { values } = parse(argv, {
    config: { type: 'string' },
    web: { type: 'boolean' },
    port: { type: 'string' },
    'no-open': { type: 'boolean' },
  });
  const { config, file } = loadConfig(values.config);
  return runKioskHost(config, {
    web: values.web ?? false,
    ...portOption(values.port),
    openBrowser: !values['no-open'],
    banner: printLines,
    configFile: file,
  });
}
