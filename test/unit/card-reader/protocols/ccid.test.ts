import { describe, expect, it } from 'vitest';
import {
  GET_UID_APDU,
  iccPowerOn,
  parseReply,
  parseUidResponse,
  xfrBlock,
} from '../../../../drivers/card-reader/protocols/ccid.js';
import { randomBytes, rng, SEEDS } from '../fuzz.js';
import { DATA_BLOCK_UID_9000, DATA_BLOCK_6300, POWER_ON_NO_CARD, POWER_ON_ATR } from '../fixtures/ccid-replies.js';

describe('CCID messages', () => {
  it('builds PC_to_RDR_IccPowerOn and PC_to_RDR_XfrBlock with the get-UID APDU', () => {
    expect(iccPowerOn(7).toString('hex')).toBe('62000000000007000000');
    expect(xfrBlock(8, GET_UID_APDU).toString('hex')).toBe('6f050000000008000000ffca000000');
    expect(xfrBlock(0x108, GET_UID_APDU)[6]).toBe(0x08);
  });

  it('parses a DataBlock carrying a UID and 90 00', () => {
    const r = parseReply(DATA_BLOCK_UID_9000);
    expect(r.ok && r.reply).toMatchObject({ type: 0x80, seq: 1, icc: 'active', command: 'ok' });
    expect(r.ok && parseUidResponse(r.reply.data)).toEqual({ ok: true, uid: '04A1B2C3' });
  });

  it('reports 63 00 as a failed read, not a card', () => {
    const r = parseReply(DATA_BLOCK_6300);
    const uid = r.ok ? parseUidResponse(r.reply.data) : null;
    expect(uid).toMatchObject({ ok: false, sw: '6300' });
  });

  it('reads the card presence of an IccPowerOn answer', () => {
    const none = parseReply(POWER_ON_NO_CARD);
    expect(none.ok && none.reply).toMatchObject({ icc: 'absent', command: 'failed', error: 0xfe });
    const atr = parseReply(POWER_ON_ATR);
    expect(atr.ok && atr.reply).toMatchObject({ icc: 'active', command: 'ok' });
  });

  it('rejects short, truncated and foreign messages', () => {
    expect(parseReply(Uint8Array.of(0x80, 0))).toMatchObject({ ok: false });
    expect(parseReply(DATA_BLOCK_UID_9000.subarray(0, 12))).toMatchObject({ ok: false });
    expect(parseReply(Uint8Array.of(0x6f, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toMatchObject({ ok: false });
    expect(parseUidResponse(Uint8Array.of(0x90))).toMatchObject({ ok: false });
    expect(parseUidResponse(Uint8Array.of(0x90, 0x00))).toMatchObject({ ok: false });
    expect(parseUidResponse(Uint8Array.of(0x6a, 0x81))).toMatchObject({ ok: false, sw: '6A81' });
  });

  it.each(SEEDS)('fuzz seed %i: random replies never throw, and a UID only comes with 90 00 after it', (seed) => {
    const next = rng(seed);
    for (let i = 0; i < 200; i++) {
      const msg = randomBytes(next, Math.floor(next() * 24));
      if (next() < 0.5) msg[0] = 0x80;
      if (msg.length > 4 && next() < 0.7) msg.writeUInt32LE(Math.max(0, msg.length - 10), 1);
      const r = parseReply(msg);
      if (!r.ok) continue;
      const uid = parseUidResponse(r.reply.data);
      if (uid.ok) {
        expect(r.reply.data.subarray(-2).toString('hex')).toBe('9000');
        expect(r.reply.data.subarray(0, -2).toString('hex').toUpperCase()).toBe(uid.uid);
      }
    }
  });
});
