import type { CommandDescriptor } from '../command.js';

export const simulate: CommandDescriptor = {
  name: 'simulate',
  summary: 'tap a card on a running kiosk that uses the simulated reader',
  usage: 'estation simulate swipe [CARD] [--data DIR]',
  load: () => import('../simulate-command.js'),
};
