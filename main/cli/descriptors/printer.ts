import { usageLines, type CommandDescriptor } from '../command.js';

export const printer: CommandDescriptor = {
  name: 'printer',
  summary: 'diagnose printers: status as JSON, print a file and wait for the result, or print a test receipt',
  usage: usageLines(
    'estation printer status --uri IPP-URI [--timeout MS] [--user NAME]',
    'estation printer print --uri IPP-URI FILE.pdf [--copies N] [--wait] [--name JOB-NAME] [--timeout MS] [--user NAME]',
    'estation printer receipt (--serial PATH [--baud N] | --usb VID:PID) [--columns N]',
    'IPP-URI: a CUPS queue (ipp://127.0.0.1:631/printers/QUEUE) or a network printer (ipp://HOST/ipp/print)',
  ),
  load: () => import('../printer-command.js'),
};
