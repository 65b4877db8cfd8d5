/**
 * Builds the document printer a kiosk configuration names.
 */
import type { DocumentPrinterConfig } from '../../kiosk-config/schema.js';
import { FilePrinter } from './file-printer.js';
import { PrinterError, type Printer } from './types.js';

export * from './types.js';
export { FilePrinter } from './file-printer.js';

export function createPrinter(config: DocumentPrinterConfig): Printer {
  switch (config.type) {
    case 'file':
      return new FilePrinter(config.dir);
    default:
      throw new PrinterError(`Printer type "${config.type}" is not available in this build.`, config.type);
  }
}
