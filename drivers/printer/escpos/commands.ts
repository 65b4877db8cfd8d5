/** ESC/POS command bytes used by the receipt encoder (Epson ESC/POS reference names). */

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** ESC @: reset the printer to its power-on settings. */
export const initialize = (): number[] => [ESC, 0x40];
/** FS &: Chinese (two-byte) character mode, GBK on Chinese printers. */
export const chineseMode = (): number[] => [FS, 0x26];
/** ESC a n: 0 left, 1 centre, 2 right. */
export const align = (where: 'left' | 'center' | 'right'): number[] => [
  ESC,
  0x61,
  where === 'left' ? 0 : where === 'center' ? 1 : 2,
];
/** GS ! n: character size; width and height multipliers 1-8. */
export const size = (width: number, height: number): number[] => [GS, 0x21, ((width - 1) << 4) | (height - 1)];
/** ESC E n: emphasized (bold) on or off. */
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];
/** ESC d n: print and feed n lines. */
export const feedLines = (n: number): number[] => [ESC, 0x64, n];
/** GS V 66 n: feed n dots past the cutter and cut partially (leaves a tab so the receipt does not fall). */
export const cut = (): number[] => [GS, 0x56, 66, 0];

/** GS ( k pL pH cn fn [params]: the 2D-symbol function group, cn 49 = QR Code. */
function qrFunction(fn: number, params: number[]): number[] {
  const len = params.length + 2;
  return [GS, 0x28, 0x6b, len & 0xff, len >> 8, 49, fn, ...params];
}

const MAX_QR_BYTES = 7089;

/**
 * A QR code: model 2 (fn 65), module size (fn 67), error correction M (fn 69), store data (fn 80),
 * print (fn 81).
 */
export function qrCode(data: number[], moduleSize = 6): number[] {
  if (data.length === 0 || data.length > MAX_QR_BYTES)
    throw new RangeError(`QR payload must be 1 to ${MAX_QR_BYTES} bytes, got ${data.length}`);
  if (moduleSize < 1 || moduleSize > 16) throw new RangeError(`QR module size must be 1 to 16, got ${moduleSize}`);
  return [
    ...qrFunction(65, [50, 0]),
    ...qrFunction(67, [moduleSize]),
    ...qrFunction(69, [49]),
    ...qrFunction(80, [48, ...data]),
    ...qrFunction(81, [48]),
  ];
}

/** DLE EOT n: real-time status request; n 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
export const statusRequest = (n: 1 | 2 | 3 | 4): number[] => [DLE, EOT, n];
