import { usageLines, type CommandDescriptor } from '../command.js';

export const template: CommandDescriptor = {
  name: 'template',
  summary: 'list the installed templates, or publish a template release at central',
  usage: usageLines(
    'estation template list [--dir DIR] [--json]',
    'estation template publish DIR --key PEM --central URL [--admin-token TOKEN]   (or set ESTATION_ADMIN_TOKEN)',
  ),
  load: () => import('../template-command.js'),
};
