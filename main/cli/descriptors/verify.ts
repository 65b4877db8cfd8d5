import type { CommandDescriptor } from '../command.js';

export const verify: CommandDescriptor = {
  name: 'verify',
  summary: 'check a document verification code (QR payload or URL) offline',
  usage: "estation verify <payload-or-url> --public-key FILE [--json]   (FILE: PEM, or the JSON of central's /v1/keys)",
  load: () => import('../verify-command.js'),
};
