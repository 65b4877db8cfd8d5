/**
 * Builds the document printer and the receipt printer a kiosk configuration names.
 */
import type { DocumentPrinterConfig } from '../../kiosk-config/schema.js';
import { FilePrinter } from './file-printer.js';
import { IppPrinter } from './ipp-printer.js';
import type { Printer } from './types.js';

export * from './types.js';
export { FilePrinter } from './file-printer.js';
export { IppPrinter, type IppPrinterOptions } from './ipp-printer.js';
export { FakePrinter } from './fake-printer.js';
export { watchPrinterStatus } from './status-watcher.js';
export { conditionsFromStateReasons } from './ipp/state-reasons.js';
export { createReceiptPrinter } from './escpos/create-receipt-printer.js';
export { encodeReceipt } from './escpos/encode-receipt.js';
export type { ReceiptPrinter, Receipt, ReceiptDocument, ReceiptStatus } from './escpos/types.js';

export function createPrinter(config: DocumentPrinterConfig): Printer {
  switch (config.type) {
    case 'file':
      return new FilePrinter(config.dir);
    case 'ipp':
      return new IppPrinter({
        uri: config.uri,
        timeoutMs: config.timeoutMs,
        user: config.user,
        ...(config.id ? { id: config.id } : {}),
      });
  }
}
