/**
 * Text as GBK bytes, for tests that write an export as Chinese Excel saves it. Node decodes GBK but
 * does not encode it; the table is the decoder's run backwards over GBK's two-byte range, so it
 * cannot disagree with how the import reads the file.
 */
let table: Map<string, [number, number]> | undefined;

function gbkTable(): Map<string, [number, number]> {
  if (table) return table;
  const decoder = new TextDecoder('gbk', { fatal: true });
  table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (!table.has(ch)) table.set(ch, [lead, trail]);
      } catch {
        // Not a GBK character: no entry.
      }
    }
  return table;
}

/** `text` in GBK; a character GBK cannot hold is an error (the test's data is then wrong). */
export function encodeGbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkTable().get(ch);
      if (!pair) throw new Error(`"${ch}" has no GBK encoding`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}
