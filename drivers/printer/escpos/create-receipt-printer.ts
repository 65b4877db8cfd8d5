/**
 * Builds the receipt printer a kiosk configuration names, or null for `none`.
 */
import type { ReceiptPrinterConfig } from '../../../kiosk-config/printers.js';
import { EscPosPrinter } from './escpos-printer.js';
import { SerialLink } from './serial-link.js';
import type { ReceiptPrinter } from './types.js';
import { UsbLink, type UsbApi } from './usb-link.js';

export interface ReceiptPrinterDeps {
  /** Replaces the `usb` package (tests). */
  usb?: UsbApi;
  /** IANA timezone of receipts that name none (default: the layout's, Asia/Shanghai). */
  timeZone?: string;
}

export function createReceiptPrinter(
  config: ReceiptPrinterConfig,
  deps: ReceiptPrinterDeps = {},
): ReceiptPrinter | null {
  const layout = {
    columns: 'columns' in config ? config.columns : 32,
    ...(deps.timeZone !== undefined ? { timeZone: deps.timeZone } : {}),
  };
  switch (config.type) {
    case 'none':
      return null;
    case 'escpos-serial': {
      const id = `serial:${config.path}`;
      return new EscPosPrinter({
        id,
        timeoutMs: config.timeoutMs,
        layout,
        openLink: () => SerialLink.open({ path: config.path, baudRate: config.baudRate, id }),
      });
    }
    case 'escpos-usb': {
      const id = `usb:${config.vendorId.toString(16).padStart(4, '0')}:${config.productId.toString(16).padStart(4, '0')}`;
      return new EscPosPrinter({
        id,
        timeoutMs: config.timeoutMs,
        layout,
        openLink: () =>
          UsbLink.open({
            vendorId: config.vendorId,
            productId: config.productId,
            id,
            ...(deps.usb ? { api: deps.usb } : {}),
          }),
      });
    }
  }
}
