import type { CommandDescriptor } from '../command.js';

export const kiosk: CommandDescriptor = {
  name: 'kiosk',
  summary: 'run a kiosk with a configuration file (see kiosk-config/examples/)',
  usage: 'estation kiosk [--config FILE] [--web] [--port N] [--no-open]   (or set ESTATION_CONFIG=FILE)',
  load: () => import('../kiosk-command.js'),
};
