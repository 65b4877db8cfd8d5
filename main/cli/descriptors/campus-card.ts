import { usageLines, type CommandDescriptor } from '../command.js';

export const campusCard: CommandDescriptor = {
  name: 'campus-card',
  summary: "run the reference campus-card service (balances, holds, statements) that central's payments talk to",
  usage: [
    usageLines(
      'estation campus-card serve [--port N] [--host H] [--data DIR] [--token-file F] [--fault KIND=RATE]... [--slow-ms N]',
      'estation campus-card top-up PERSON AMOUNT-YUAN [--reference REF] [--data DIR]',
      'estation campus-card statement [--date YYYY-MM-DD] [--data DIR] [--json]',
    ),
    '',
    '--data: the folder of campus-card.db (default .data/campus-card).',
    '--token-file: the bearer token central sends (default DIR/token); a file that does not exist gets a new random token.',
    '--fault: switch a fault on for a share (0 to 1) of the money calls: slow, error5xx, loseAfterCommit, duplicate, wrongAmount',
    '         (docs/payments.md); change them while it runs with PUT /v1/admin/faults. --slow-ms: how long "slow" waits (default 10000).',
    'statement: every movement of a UTC day (default today) with its reference, as central reconciles against it.',
    'top-up: adds money to a card (opening its account), e.g. `estation campus-card top-up 2021010001 50`; the same --reference twice adds it once.',
  ].join('\n'),
  load: () => import('../campus-card-command.js'),
};
