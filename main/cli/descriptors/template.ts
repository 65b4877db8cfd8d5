import { usageLines, type CommandDescriptor } from '../command.js';

export const template: CommandDescriptor = {
  name: 'template',
  summary: 'list the installed templates, publish a template release at central, promote it, or roll it back',
  usage: [
    usageLines(
      'estation template list [--dir DIR] [--json]',
      'estation template publish DIR --key PEM --central URL [--admin-token TOKEN] [--to-group GROUP] [--check-people N]   (or set ESTATION_ADMIN_TOKEN)',
      'estation template promote ID VERSION --central URL [--admin-token TOKEN]',
      'estation template rollback ID --to VERSION --key PEM --central URL [--admin-token TOKEN]',
      'estation template withdraw ID VERSION --reason TEXT --central URL [--key PEM] [--admin-token TOKEN]',
    ),
    '',
    "publish: central checks the release against its kind and renders it with its sample and the data of N people (default 20; 0: the sample only); a refusal lists each problem. --to-group: only that group's terminals (estation central group) get it until it is promoted.",
    'rollback: a signed instruction (same publisher key) that makes the stations go back to VERSION, although it is lower.',
    'withdraw: central stops offering and serving the release and keeps who and why; with --key, stations using it (the newest) are rolled back to the version below.',
  ].join('\n'),
  load: () => import('../template-command.js'),
};
