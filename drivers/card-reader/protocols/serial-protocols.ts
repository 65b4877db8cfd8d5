/**
 * The serial reader protocols, by the name a configuration gives them (`protocol` of a `serial` reader,
 * kiosk-config/readers.ts SerialProtocol): each builds its decoder from the reader's settings.
 *
 * Adding a protocol: its decoder in this folder, its name in SerialProtocol, its entry here (the compiler
 * insists that names and entries match), and its description under `protocol` in docs/readers.md
 * (test/unit/card-reader/serial-protocols.test.ts insists, and wants a sample frame).
 */
import type { SerialProtocol } from '../../../kiosk-config/readers.js';
import { createBinaryDecoder, type BinaryFrameOptions } from './binary.js';
import type { Decoder } from './decoder.js';
import { createLineDecoder } from './line.js';
import { createRdm6300Decoder } from './rdm6300.js';

/** The protocol-specific settings of a serial reader. */
export interface SerialProtocolSettings {
  /** `line`: a longer line is garbage. */
  maxLineLength?: number;
  /** `binary`: the frame description (required). */
  frame?: BinaryFrameOptions;
}

export const SERIAL_PROTOCOLS = {
  line: (s) => createLineDecoder(s.maxLineLength === undefined ? {} : { maxLength: s.maxLineLength }),
  rdm6300: () => createRdm6300Decoder(),
  binary: (s) => {
    if (!s.frame)
      throw new RangeError('the binary protocol needs a frame description ("frame" in the reader\'s configuration)');
    return createBinaryDecoder(s.frame);
  },
} satisfies Record<SerialProtocol, (settings: SerialProtocolSettings) => Decoder>;

/** The decoder for a serial reader's protocol. */
export function createSerialDecoder(protocol: SerialProtocol, settings: SerialProtocolSettings = {}): Decoder {
  return SERIAL_PROTOCOLS[protocol](settings);
}
