/** The printer test page for maintenance mode: a plain one-page PDF that never touches quota, serials or the job queue. */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export async function testPagePdf(terminalId: string, at: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('E-station test page');
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  page.drawText('E-station test page', { x: 60, y: 760, size: 28, font: bold });
  page.drawText(`Terminal: ${terminalId}`, { x: 60, y: 720, size: 14, font });
  page.drawText(`Printed: ${at.toISOString()}`, { x: 60, y: 700, size: 14, font });
  page.drawText('Not a certificate. No serial, no verification code.', { x: 60, y: 680, size: 12, font });
  // Grey steps and a frame show banding, toner and margins at a glance.
  for (let i = 0; i < 10; i++)
    page.drawRectangle({ x: 60 + i * 47, y: 560, width: 45, height: 80, color: rgb(i / 10, i / 10, i / 10) });
  page.drawRectangle({ x: 20, y: 20, width: 555.28, height: 801.89, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  return doc.save();
}
