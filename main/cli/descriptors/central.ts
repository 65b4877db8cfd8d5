import { usageLines, type CommandDescriptor } from '../command.js';

export const central: CommandDescriptor = {
  name: 'central',
  summary: 'run the reference central server, or enroll a terminal or an admin (prints its token)',
  usage: [
    usageLines(
      'estation central [--port N] [--host H] [--data DIR] [--demo [--people N]] [--verify-key PEM]... [--alert-webhook URL]... [--trust-proxy ADDR]...',
      'estation central enroll TERMINAL-ID [--name NAME] [--data DIR]',
      'estation central enroll-admin ADMIN-ID [--name NAME] [--data DIR]',
      'estation central terms set FILE.json [--data DIR]',
      'estation central terms show [--data DIR] [--json]',
      'estation central institution set FILE.json [--data DIR]',
      'estation central institution show [--data DIR] [--json]',
      'estation central group add|remove GROUP TERMINAL-ID... [--data DIR]',
      'estation central group list [--data DIR] [--json]',
      'estation central kinds list|show ID [--data DIR] [--json]',
      'estation central kinds set FILE.json|disable ID|enable ID [--data DIR]',
      'estation central import FILE [--grades FILE] [--data DIR] [--mapping MAP.json] [--grades-mapping MAP.json] [--encoding utf-8|gbk|gb18030] [--dry-run] [--deactivate-missing] [--json]',
    ),
    '',
    '--people: with --demo, also a generated campus of N people (colleges, rare characters, 40-90 courses each, every status, CET results, fees, ranks, teachers with titles and income).',
    '--verify-key: a public (or private) Ed25519 key in PEM whose signatures the verification page accepts; repeat for several stations.',
    '--alert-webhook: POST every raised and cleared terminal alert as JSON to this URL (docs/central.md).',
    '--trust-proxy: the address or CIDR range of a reverse proxy in front of central, whose X-Forwarded-For and -Proto are believed (or loopback).',
    'import: people from JSON Lines, CSV or XLSX (grades from a second file) through a mapping file, or a shipped one by its name in central/import/mappings/ (jwxt-students, jwxt-teachers); --dry-run writes nothing, reports every problem and what the import would do (docs/import.md).',
    'enroll-admin: a token for the admin routes (publishing template releases); a terminal token is never one.',
    'terms set: the academic calendar free quotas count in (terms, and "gap": "previous" or "none"; docs/central.md); terms show prints it.',
    'group: named groups of terminals; `estation template publish DIR --to-group GROUP` reaches only that group until promoted (docs/templates.md).',
    'institution set: the institution profile (names, serial prefix, timezone, offices and seals; docs/data.md), as a new version.',
    'kinds: the document kinds central offers (titles, audience, statuses, fields, fee, quota, validity, code prefix, purposes; docs/central.md); set, disable and enable each make a new version.',
  ].join('\n'),
  load: () => import('../central-command.js'),
};
