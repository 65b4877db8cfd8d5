import type { CommandDescriptor } from '../command.js';

export const verify: CommandDescriptor = {
  name: 'verify',
  summary: 'check a document verification code (QR payload or URL) or a whole PDF offline',
  usage:
    "estation verify (<payload-or-url> | --pdf FILE.pdf) (--public-key FILE | --keys URL) [--json]   (FILE: PEM, or the JSON of central's /v1/keys; URL: central's /v1/keys)",
  load: () => import('../verify-command.js'),
};
