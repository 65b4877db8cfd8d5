import { usageLines, type CommandDescriptor } from '../command.js';

export const reader: CommandDescriptor = {
  name: 'reader',
  summary: 'diagnose card readers: list candidates, or print every card one reader reads',
  usage: usageLines(
    'estation reader list',
    'estation reader test --type <hid|serial|ccid> [--path P | --vid V --pid P] [--protocol line|rdm6300|binary] [--baud N]',
    '                     [--normalize JSON] [--frame JSON] [--dedupe MS] [--poll MS] [--count N]',
    '(or: estation reader test --config FILE.json, a file holding one reader configuration)',
  ),
  load: () => import('../reader-command.js'),
};
