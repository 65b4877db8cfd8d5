/**
 * `estation printer`: diagnostics for staff.
 *   status  --uri URI                      prints the printer status as JSON (exit 0 ready, 1 not ready)
 *   print   --uri URI FILE.pdf [--copies N] [--wait]
 *           submits a PDF once; with --wait follows it and exits 0 only if it completed
 *   receipt (--serial PATH [--baud N] | --usb VID:PID) [--columns N]
 *           prints a test receipt and the receipt printer's status as JSON
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { IppPrinter } from '../../drivers/printer/ipp-printer.js';
import { createReceiptPrinter } from '../../drivers/printer/escpos/create-receipt-printer.js';
import { isReady, PrinterError, type PrinterJobState } from '../../drivers/printer/types.js';
import { DocumentPrinterConfig, ReceiptPrinterConfig } from '../../kiosk-config/printers.js';
import { intOption, parse, UsageError } from './args.js';
import { printer } from './descriptors/printer.js';

const json = (o: unknown) => process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);

const IPP_FLAGS = { uri: { type: 'string' }, timeout: { type: 'string' }, user: { type: 'string' } } as const;

function ippPrinter(values: {
  uri?: string | undefined;
  timeout?: string | undefined;
  user?: string | undefined;
}): IppPrinter {
  if (!values.uri) throw new UsageError('--uri is required, e.g. --uri ipp://127.0.0.1:631/printers/office');
  const parsed = DocumentPrinterConfig.safeParse({
    type: 'ipp',
    uri: values.uri,
    ...(values.user ? { user: values.user } : {}),
    ...(values.timeout ? { timeoutMs: intOption(values.timeout, 'timeout', 100, 600_000) } : {}),
  });
  if (!parsed.success || parsed.data.type !== 'ipp')
    throw new UsageError(`--uri "${values.uri}" is not an IPP printer URI (like ipp://127.0.0.1:631/printers/office)`);
  return new IppPrinter({ uri: parsed.data.uri, timeoutMs: parsed.data.timeoutMs, user: parsed.data.user });
}

const TERMINAL = new Set<PrinterJobState['state']>(['completed', 'aborted', 'canceled', 'unknown']);

async function status(argv: string[]): Promise<number> {
  const { values } = parse(argv, IPP_FLAGS);
  const printer = ippPrinter(values);
  const s = await printer.status();
  json({ uri: values.uri, ready: isReady(s), ...s });
  return isReady(s) ? 0 : 1;
}

async function print(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...IPP_FLAGS,
      copies: { type: 'string' },
      wait: { type: 'boolean' },
      name: { type: 'string' },
      poll: { type: 'string' },
    },
    true,
  );
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give exactly one PDF file to print');
  const printer = ippPrinter(values);
  const copies = intOption(values.copies, 'copies', 1, 99) ?? 1;
  const pollMs = intOption(values.poll, 'poll', 50, 60_000) ?? 500;
  const jobName = values.name ?? `estation-cli-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  let pdf: Buffer;
  try {
    pdf = await readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new UsageError(`${basename(file)} is not a PDF file (it does not start with %PDF-)`);

  let ref;
  try {
    ref = await printer.submit(pdf, { copies, jobName });
  } catch (err) {
    if (!(err instanceof PrinterError)) throw err;
    json({ submitted: false, error: err.message, ...err.flags });
    return 1;
  }
  json({ submitted: true, job: ref.id, jobName, copies });
  if (!values.wait) return 0;
  let state: PrinterJobState;
  let toldStopped = false;
  for (;;) {
    state = await printer.jobState(ref);
    if (TERMINAL.has(state.state)) break;
    // A job the print server stopped stays "processing" until someone acts: say so once, keep waiting.
    if (!toldStopped && state.reasons.includes('processing-stopped')) {
      toldStopped = true;
      process.stderr.write(
        `estation printer: the print server stopped job ${ref.id} (${state.reasons.join(', ')}); it waits until the printer is fixed or the job is cancelled. The print server's error log says why (for CUPS: /var/log/cups/error_log; a file: queue whose output file does not exist is one cause, see docs/printers.md).\n`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  json({ job: ref.id, ...state });
  return state.state === 'completed' ? 0 : 1;
}

async function receipt(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    serial: { type: 'string' },
    baud: { type: 'string' },
    usb: { type: 'string' },
    columns: { type: 'string' },
  });
  const columns = intOption(values.columns, 'columns', 24, 64) ?? 32;
  let config: ReceiptPrinterConfig;
  if (values.serial && !values.usb) {
    config = ReceiptPrinterConfig.parse({
      type: 'escpos-serial',
      path: values.serial,
      baudRate: intOption(values.baud, 'baud', 1, 4_000_000) ?? 19200,
      columns,
    });
  } else if (values.usb && !values.serial) {
    const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(values.usb);
    if (!m) throw new UsageError('--usb needs VID:PID in hex, as lsusb shows it, e.g. --usb 0416:5011');
    config = ReceiptPrinterConfig.parse({ type: 'escpos-usb', vendorId: `0x${m[1]}`, productId: `0x${m[2]}`, columns });
  } else {
    throw new UsageError('give either --serial PATH or --usb VID:PID');
  }
  const printer = createReceiptPrinter(config)!;
  try {
    await printer.print({
      terminalId: 'test',
      terminalName: '测试凭条 Test receipt',
      time: new Date(),
      documents: [{ serial: 'TEST-000001', title: '测试文档 Test document', copies: 1 }],
      qr: 'E-STATION TEST RECEIPT',
    });
    json({ printed: true, printer: printer.id, status: await printer.status() });
    return 0;
  } catch (err) {
    if (!(err instanceof PrinterError)) throw err;
    json({ printed: false, printer: printer.id, error: err.message, ...err.flags });
    return 1;
  } finally {
    await printer.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'status') return status(rest);
  if (sub === 'print') return print(rest);
  if (sub === 'receipt') return receipt(rest);
  throw new UsageError(`choose status, print or receipt:\n${printer.usage}`);
}
