import type { CommandDescriptor } from '../command.js';

export const settings: CommandDescriptor = {
  name: 'settings',
  summary: 'publish settings (branding, session timing, language, offline staff access) to the stations',
  usage:
    'estation settings publish FILE.json --version N --key PEM --central URL [--terminal ID]... [--admin-token TOKEN]',
  load: () => import('../settings-command.js'),
};
