/**
 * A receipt printer speaking ESC/POS over any ReceiptLink. The link is opened on first use and reopened
 * after a failure (a printer unplugged and plugged back in comes back without a restart).
 */
import { statusRequest } from './commands.js';
import { parseDleEot, unknownReceiptStatus } from './dle-eot.js';
import { encodeReceipt, type ReceiptLayout } from './encode-receipt.js';
import type { Receipt, ReceiptLink, ReceiptPrinter, ReceiptStatus } from './types.js';

export interface EscPosPrinterOptions {
  id: string;
  openLink: () => Promise<ReceiptLink>;
  timeoutMs?: number;
  layout?: Partial<ReceiptLayout>;
}

export class EscPosPrinter implements ReceiptPrinter {
  readonly id: string;
  private link: ReceiptLink | null = null;
  private opening: Promise<ReceiptLink> | null = null;
  /** One conversation at a time: a status request must not interleave with a receipt. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: EscPosPrinterOptions) {
    this.id = o.id;
  }

  print(receipt: Receipt): Promise<void> {
    const bytes = encodeReceipt(receipt, this.o.layout);
    return this.exclusive(async () => {
      const link = await this.connect();
      try {
        await link.write(bytes, this.o.timeoutMs ?? 3000);
      } catch (err) {
        await this.drop();
        throw err;
      }
    });
  }

  status(): Promise<ReceiptStatus> {
    return this.exclusive(async () => {
      let link: ReceiptLink;
      try {
        link = await this.connect();
      } catch {
        return unknownReceiptStatus('no-answer');
      }
      if (!link.read) return unknownReceiptStatus('one-way');
      const timeoutMs = this.o.timeoutMs ?? 3000;
      try {
        const answers: number[] = [];
        for (const n of [1, 2, 3, 4] as const) {
          await link.write(Uint8Array.from(statusRequest(n)), timeoutMs);
          answers.push((await link.read(1, timeoutMs))[0]!);
        }
        return parseDleEot(answers as [number, number, number, number]);
      } catch (err) {
        if (!(err instanceof RangeError)) await this.drop();
        return unknownReceiptStatus('no-answer');
      }
    });
  }

  async close(): Promise<void> {
    await this.exclusive(() => this.drop());
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async connect(): Promise<ReceiptLink> {
    // A link that broke while idle (the cable was out meanwhile) is replaced, so the next receipt is not lost on it.
    if (this.link?.brokenBecause) await this.drop();
    if (this.link) return this.link;
    this.opening ??= this.o.openLink().finally(() => (this.opening = null));
    this.link = await this.opening;
    return this.link;
  }

  private async drop(): Promise<void> {
    const link = this.link;
    this.link = null;
    await link?.close().catch(() => {});
  }
}
