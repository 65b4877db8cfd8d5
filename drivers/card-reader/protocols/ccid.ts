/**
 * USB CCID messages (the PC/SC reader class, e.g. ACR122U), only what reading a card UID needs:
 * PC_to_RDR_IccPowerOn, PC_to_RDR_XfrBlock carrying the PC/SC "get data" APDU FF CA 00 00 00, and the
 * RDR_to_PC_DataBlock answer with its ISO 7816 status words. Spec: "USB Device Class: Smart Card CCID", rev 1.1.
 * Parsers never throw: a message that does not parse is reported as such.
 */
export const CCID_CLASS = 0x0b;
export const GET_UID_APDU = Uint8Array.of(0xff, 0xca, 0x00, 0x00, 0x00);

const PC_TO_RDR_ICC_POWER_ON = 0x62;
const PC_TO_RDR_XFR_BLOCK = 0x6f;
export const RDR_TO_PC_DATA_BLOCK = 0x80;
export const RDR_TO_PC_SLOT_STATUS = 0x81;
const HEADER = 10;

function header(type: number, length: number, slot: number, seq: number): Buffer {
  const b = Buffer.alloc(HEADER + length);
  b[0] = type;
  b.writeUInt32LE(length, 1);
  b[5] = slot;
  b[6] = seq & 0xff;
  return b;
}

/** bPowerSelect 0: the reader picks the voltage. */
export function iccPowerOn(seq: number, slot = 0): Buffer {
  return header(PC_TO_RDR_ICC_POWER_ON, 0, slot, seq);
}

export function xfrBlock(seq: number, apdu: Uint8Array, slot = 0): Buffer {
  const b = header(PC_TO_RDR_XFR_BLOCK, apdu.length, slot, seq);
  b.set(apdu, HEADER);
  return b;
}

/** bmICCStatus: 0 card present and active, 1 present but inactive, 2 no card. */
export type IccStatus = 'active' | 'inactive' | 'absent';
/** bmCommandStatus: 0 processed, 1 failed (see `error`), 2 time extension requested (read again). */
export type CommandStatus = 'ok' | 'failed' | 'time-extension';

export interface CcidReply {
  type: number;
  slot: number;
  seq: number;
  icc: IccStatus;
  command: CommandStatus;
  /** bError, meaningful when command is 'failed' (e.g. 0xFE ICC_MUTE: no card answered). */
  error: number;
  data: Buffer;
}

export type ParsedReply = { ok: true; reply: CcidReply } | { ok: false; reason: string };

export function parseReply(msg: Uint8Array): ParsedReply {
  if (msg.length < HEADER)
    return { ok: false, reason: `CCID reply of ${msg.length} bytes is shorter than its 10-byte header` };
  const b = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  const type = b[0]!;
  if (type !== RDR_TO_PC_DATA_BLOCK && type !== RDR_TO_PC_SLOT_STATUS)
    return { ok: false, reason: `unexpected CCID message type 0x${type.toString(16)}` };
  const length = b.readUInt32LE(1);
  if (length > b.length - HEADER)
    return { ok: false, reason: `CCID reply announces ${length} data bytes but carries ${b.length - HEADER}` };
  const status = b[7]!;
  const icc: IccStatus = (['active', 'inactive', 'absent', 'absent'] as const)[status & 0x03]!;
  const command: CommandStatus = (['ok', 'failed', 'time-extension', 'failed'] as const)[(status >> 6) & 0x03]!;
  return {
    ok: true,
    reply: {
      type,
      slot: b[5]!,
      seq: b[6]!,
      icc,
      command,
      error: b[8]!,
      data: Buffer.from(b.subarray(HEADER, HEADER + length)),
    },
  };
}

export type UidResult = { ok: true; uid: string } | { ok: false; sw: string; reason: string };

/** Reads the answer to FF CA 00 00 00: the UID followed by SW1 SW2; 90 00 is success, 63 00 "no UID". */
export function parseUidResponse(data: Uint8Array): UidResult {
  if (data.length < 2) return { ok: false, sw: '', reason: 'APDU response without status words' };
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sw = body
    .subarray(body.length - 2)
    .toString('hex')
    .toUpperCase();
  if (sw === '9000') {
    if (body.length === 2) return { ok: false, sw, reason: 'the reader returned an empty UID' };
    return {
      ok: true,
      uid: body
        .subarray(0, body.length - 2)
        .toString('hex')
        .toUpperCase(),
    };
  }
  if (sw === '6300')
    return { ok: false, sw, reason: 'the card did not return its UID (63 00): hold it still on the reader' };
  if (sw === '6A81') return { ok: false, sw, reason: 'the reader does not support the get-UID command (6A 81)' };
  return { ok: false, sw, reason: `get-UID failed with status ${sw}` };
}
