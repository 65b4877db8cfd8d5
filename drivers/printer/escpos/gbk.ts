/**
 * Text to GBK bytes, the character set of Chinese ESC/POS printers in Chinese mode (FS &).
 * Node can decode GBK but not encode it, so the table is built once by decoding every two-byte code.
 */
let table: Map<string, number> | null = null;

function buildTable(): Map<string, number> {
  const decoder = new TextDecoder('gbk');
  const map = new Map<string, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, (lead << 8) | trail);
    }
  }
  return map;
}

/** GBK bytes; a character GBK does not have becomes "?" so that the receipt still prints. */
export function encodeGbk(text: string): number[] {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = table.get(ch);
    if (code === undefined) out.push(0x3f);
    else out.push(code >> 8, code & 0xff);
  }
  return out;
}

/** Columns a text takes on the printer: ASCII one, everything else (CJK, full-width) two. */
export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return n;
}
