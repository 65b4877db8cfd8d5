import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decoderStream, type Decoded } from '../../../../drivers/card-reader/protocols/decoder.js';
import { createLineDecoder } from '../../../../drivers/card-reader/protocols/line.js';
import { encodeRdm6300, createRdm6300Decoder } from '../../../../drivers/card-reader/protocols/rdm6300.js';

async function collect(chunks: Buffer[], decoder = createLineDecoder()): Promise<Decoded[]> {
  const out: Decoded[] = [];
  for await (const d of Readable.from(chunks).pipe(decoderStream(decoder))) out.push(d as Decoded);
  return out;
}

describe('decoderStream', () => {
  it('pipes bytes through a decoder as an object-mode transform', async () => {
    expect(await collect([Buffer.from('12'), Buffer.from('34\r\n\xff\n', 'latin1')])).toEqual([
      { kind: 'value', value: '1234' },
      { kind: 'garbage', reason: 'line with bytes that are not printable ASCII', bytes: 1 },
    ]);
    const frame = encodeRdm6300('0100BC614E');
    expect(await collect([frame.subarray(0, 3), frame.subarray(3)], createRdm6300Decoder())).toEqual([
      { kind: 'value', value: '0100BC614E' },
    ]);
  });
});
