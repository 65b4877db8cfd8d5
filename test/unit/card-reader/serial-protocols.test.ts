/**
 * The serial protocol registry: every protocol a configuration may name has a decoder that reads a card
 * from the reader's configuration, and is documented. Adding a protocol means adding its sample here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReaderConfig, SerialProtocol } from '../../../kiosk-config/readers.js';
import { encodeBinaryFrame, type BinaryFrameOptions } from '../../../drivers/card-reader/protocols/binary.js';
import { encodeRdm6300 } from '../../../drivers/card-reader/protocols/rdm6300.js';
import { createSerialDecoder, SERIAL_PROTOCOLS } from '../../../drivers/card-reader/protocols/serial-protocols.js';
import { reader as readerCommand } from '../../../main/cli/descriptors/reader.js';

const FRAME: BinaryFrameOptions = {
  header: 'AA55',
  length: 9,
  dataOffset: 3,
  dataLength: 4,
  checksum: 'xor',
  checksumFrom: 2,
  checksumOffset: -2,
  trailer: '0D',
};

/** Per protocol: the settings a configuration adds, the bytes a reader sends, and the card value read. */
const SAMPLES: Record<string, { settings: object; bytes: Uint8Array; value: string }> = {
  line: { settings: { maxLineLength: 16 }, bytes: Buffer.from('\u000212345678\u0003\r\n'), value: '12345678' },
  rdm6300: { settings: {}, bytes: encodeRdm6300('0100BC614E'), value: '0100BC614E' },
  binary: {
    settings: { frame: FRAME },
    bytes: encodeBinaryFrame(FRAME, Uint8Array.of(0x00, 0xbc, 0x61, 0x4e)),
    value: '00BC614E',
  },
};

const serialConfig = (protocol: string, settings: object) => {
  const config = ReaderConfig.parse({ type: 'serial', path: '/dev/ttyUSB0', protocol, ...settings });
  if (config.type !== 'serial') throw new Error('expected a serial reader configuration');
  return config;
};

describe('serial reader protocols', () => {
  it('has a decoder and a sample for exactly the protocols a configuration may name', () => {
    expect(Object.keys(SERIAL_PROTOCOLS).sort()).toEqual([...SerialProtocol.options].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...SerialProtocol.options].sort());
  });

  it.each(SerialProtocol.options)('%s: the decoder built from a configuration reads a card', (protocol) => {
    const sample = SAMPLES[protocol]!;
    const config = serialConfig(protocol, sample.settings);
    const decoder = createSerialDecoder(config.protocol, config);
    expect(decoder.push(sample.bytes)).toEqual([{ kind: 'value', value: sample.value }]);
    expect(decoder.pending).toBe(false);
  });

  it.each(SerialProtocol.options)('%s is described under `protocol` in docs/readers.md', (protocol) => {
    const docs = readFileSync(resolve(import.meta.dirname, '../../../docs/readers.md'), 'utf8');
    expect(docs).toContain(`  - \`${protocol}\`: `);
  });

  it('refuses an unknown protocol in the configuration, naming the ones there are', () => {
    const r = ReaderConfig.safeParse({ type: 'serial', path: '/dev/ttyUSB0', protocol: 'wiegand' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/"line"\|"rdm6300"\|"binary"/);
  });

  it('says what a binary reader without a frame description lacks', () => {
    expect(() => createSerialDecoder('binary')).toThrow(/needs a frame description/);
  });

  it('the usage of `estation reader test` names every protocol (its descriptor loads nothing, so it spells them out)', () => {
    const listed = /--protocol ([a-z0-9|]+)\]/.exec(readerCommand.usage)?.[1]?.split('|');
    expect(listed).toEqual([...SerialProtocol.options]);
  });
});
