/**
 * pdf.js in the renderer: one module worker (bundled by Vite, served from 'self', so the CSP holds),
 * created on first use. Documents are opened from bytes held in memory, never from a URL.
 */
import { getDocument, PDFWorker, type PDFDocumentProxy } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';

/**
 * One PDFWorker for the page's lifetime, passed explicitly to every document: destroying a document
 * then leaves the worker alive for the next one (with only a global port, the first destroy takes the
 * port down and every later preview fails).
 */
let worker: PDFWorker | null = null;

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  worker ??= PDFWorker.create({ port: new PdfWorker() });
  // pdf.js takes ownership of the buffer it is given: hand it a copy so the store's bytes stay intact.
  return getDocument({ data: bytes.slice(), worker, isEvalSupported: false, enableXfa: false, disableAutoFetch: true })
    .promise;
}

/**
 * Renders one page into a canvas (device pixel ratio aware): fitted into `box` (CSS pixels), then
 * multiplied by `zoom`.
 */
export async function renderPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
  zoom = 1,
): Promise<void> {
  const page = await doc.getPage(pageNumber);
  const base = page.getViewport({ scale: 1 });
  const cssWidth = Math.floor(Math.min(box.width, (box.height * base.width) / base.height) * zoom);
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: (cssWidth / base.width) * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
  await page.render({ canvas, viewport }).promise;
  page.cleanup();
}
