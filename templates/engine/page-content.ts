/**
 * What a PDF's pages draw, as one digest: SHA-256 over every page's content streams, decoded. The file
 * signature (lib/pdf-file-signature.ts) records it, so that a checker can tell a file whose pages were
 * changed (a score painted over: the editor adds drawing to a page) from one that another program only
 * saved again (same drawing, other bytes). Here because pdf-lib stays behind the engine.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { FileSignatureError, verifyPdfFile, type VerifiedFile } from '../../lib/pdf-file-signature.js';

export async function pageContentDigest(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: false });
  const hash = createHash('sha256');
  const resolve = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
  for (const page of doc.getPages()) {
    hash.update('page\n');
    const contents = resolve(page.node.get(PDFName.of('Contents')));
    const streams = contents instanceof PDFArray ? contents.asArray().map(resolve) : [contents];
    for (const s of streams) {
      if (s instanceof PDFRawStream) hash.update(decodePDFRawStream(s).decode());
      else if (s) hash.update(s.toString());
      hash.update('\nstream-end\n');
    }
  }
  return hash.digest('hex');
}

/**
 * lib/pdf-file-signature.ts verifyPdfFile, and for a rewritten file a look at its pages: drawing that
 * differs from what was signed is reported as `content_changed` (a painted-over score), the same drawing
 * as `file_resaved`. Either way the file fails; the digest compared is the one the rewritten file claims,
 * so it only names the reason, it never makes a file pass.
 */
export async function verifySignedPdf(
  pdf: Uint8Array,
  publicKeys: Map<string, KeyObject | string> | KeyObject | string,
  now = new Date(),
): Promise<VerifiedFile> {
  try {
    return verifyPdfFile(pdf, publicKeys, now);
  } catch (err) {
    if (!(err instanceof FileSignatureError) || err.reason !== 'file_resaved' || !err.signedPages) throw err;
    let pages: string | undefined;
    try {
      pages = await pageContentDigest(pdf);
    } catch {
      pages = undefined; // a file pdf-lib cannot read: it stays "rewritten"
    }
    if (pages !== undefined && pages !== err.signedPages)
      throw new FileSignatureError(
        'content_changed',
        'The content differs from what was signed: what the pages show was changed, and the file was rewritten by another program (re-saved or edited). It is not the document the station issued.',
      );
    throw err;
  }
}
