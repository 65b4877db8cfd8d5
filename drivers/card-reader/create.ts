/**
 * Builds one card reader from its configuration: one implementation per technology, each with the
 * reader's normalization pipeline. Native modules (node-hid, usb, serialport's bindings) load only when a
 * reader of that type is opened.
 */
import type { ReaderConfig } from '../../kiosk-config/readers.js';
import { CcidCardReader } from './ccid-reader.js';
import { HidCardReader } from './hid-reader.js';
import { compileNormalizer } from './normalize.js';
import { SerialCardReader } from './serial-reader.js';
import { SimulatedCardReader } from './simulated.js';
import type { CardReader } from './types.js';

/** Throws NormalizeConfigError for a normalization step that can never work (e.g. an invalid regex). */
export function createCardReader(config: ReaderConfig): CardReader {
  const normalize = compileNormalizer(config.normalize);
  switch (config.type) {
    case 'simulated':
      return new SimulatedCardReader(config.id, (raw) => {
        const n = normalize(raw);
        return n.ok ? n.card : null;
      });
    case 'hid':
      return new HidCardReader(
        config.id,
        {
          vendorId: config.vendorId,
          productId: config.productId,
          charTimeoutMs: config.charTimeoutMs,
          hidDriver: config.hidDriver,
        },
        normalize,
      );
    case 'serial':
      return new SerialCardReader(
        config.id,
        {
          path: config.path,
          baudRate: config.baudRate,
          dataBits: config.dataBits,
          stopBits: config.stopBits,
          parity: config.parity,
          protocol: config.protocol,
          maxLineLength: config.maxLineLength,
          ...(config.frame ? { frame: config.frame } : {}),
        },
        normalize,
      );
    case 'ccid':
      return new CcidCardReader(
        config.id,
        { vendorId: config.vendorId, productId: config.productId, pollMs: config.pollMs },
        normalize,
      );
  }
}
