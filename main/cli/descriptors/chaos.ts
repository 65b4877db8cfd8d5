import type { CommandDescriptor } from '../command.js';

export const chaos: CommandDescriptor = {
  name: 'chaos',
  summary: 'kill real processes at random while they work, then check that nothing was lost or done twice',
  usage:
    'estation chaos payments --jobs N [--seed S] [--json] [--keep]   (N paid prints through a station, central and the campus-card service with faults, SIGKILLs of the station and central; prints {"jobs","printed","charged_twice","printed_not_charged","charged_not_printed","holds_left","ledger_matches_provider"}, exit 1 when money and paper disagree; docs/payments.md)',
  load: () => import('../chaos-command.js'),
};
