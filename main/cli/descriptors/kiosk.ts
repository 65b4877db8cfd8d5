import { usageLines, type CommandDescriptor } from '../command.js';

export const kiosk: CommandDescriptor = {
  name: 'kiosk',
  summary: 'run a kiosk with a configuration file (see kiosk-config/examples/), or rotate its signing key',
  usage: usageLines(
    'estation kiosk [--config FILE] [--web] [--port N] [--no-open]   (or set ESTATION_CONFIG=FILE)',
    'estation kiosk rotate-key [--config FILE]   (a new document-signing key; the old one kept for checking)',
  ),
  load: () => import('../kiosk-command.js'),
};
