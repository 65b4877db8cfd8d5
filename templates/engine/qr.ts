/**
 * QR codes as vector paths: crisp at any printer resolution and a few hundred bytes in the PDF.
 */
import QRCode from 'qrcode';
import { rgb, type PDFPage } from 'pdf-lib';

/** The QR module matrix for `text` (error correction M: survives a fold or a smudge). */
export function qrMatrix(text: string): boolean[][] {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => Boolean(qr.modules.get(r, c))));
}

/** One SVG path (in module units) covering the dark modules, merged into horizontal runs. */
export function qrPath(matrix: boolean[][]): string {
  const parts: string[] = [];
  matrix.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < row.length && row[end + 1]) end++;
      parts.push(`M${c} ${r}h${end - c + 1}v1h${-(end - c + 1)}z`);
      c = end;
    }
  });
  return parts.join('');
}

/** Draws a QR code with its quiet zone; (x, y) is the top-left corner in PDF points from the bottom-left origin. */
export function drawQr(page: PDFPage, text: string, x: number, yTop: number, size: number): void {
  const matrix = qrMatrix(text);
  const quiet = 2;
  const unit = size / (matrix.length + quiet * 2);
  page.drawRectangle({ x, y: yTop - size, width: size, height: size, color: rgb(1, 1, 1) });
  page.drawSvgPath(qrPath(matrix), {
    x: x + quiet * unit,
    y: yTop - quiet * unit,
    scale: unit,
    color: rgb(0, 0, 0),
    borderWidth: 0,
  });
}
