import type { CommandDescriptor } from '../command.js';

export const render: CommandDescriptor = {
  name: 'render',
  summary: 'render a document from a template for preview',
  usage:
    'estation render --template ID|DIR (--data FILE.json | --sample) --out FILE.pdf [--png DIR] [--sign-key PEM --terminal ID [--base-url URL]]',
  load: () => import('../render-command.js'),
};
