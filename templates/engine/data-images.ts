/**
 * Images that arrive with a document's data rather than in the template bundle: the issuing office's
 * scanned seal from the institution profile (`university.seal`, base64 PNG). Checked like every other
 * field before anything is drawn: a seal that is not a PNG is a data error with its path.
 */
import { lookup } from './bindings.js';
import type { FieldProblem } from './data-schema.js';
import type { TemplateLayout } from './layout.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Base64 of the largest seal central accepts (1 MB), with room to spare. */
const MAX_BASE64 = 1.5 * 1024 * 1024;

/** The PNG bytes of every image the layout's overlays take from the data, by data path; absent paths are left out. */
export function dataImages(
  layout: TemplateLayout,
  data: unknown,
): { images: Map<string, Uint8Array>; problems: FieldProblem[] } {
  const images = new Map<string, Uint8Array>();
  const problems: FieldProblem[] = [];
  for (const o of layout.overlays) {
    if (!o.imageData || images.has(o.imageData)) continue;
    const v = lookup(data, o.imageData);
    if (v === undefined || v === null || v === '') continue;
    const bytes =
      typeof v === 'string' && v.length <= MAX_BASE64 && /^[A-Za-z0-9+/]+={0,2}$/.test(v)
        ? Buffer.from(v, 'base64')
        : null;
    if (!bytes || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
      problems.push({ path: o.imageData, message: 'must be a PNG image in base64 (at most 1 MB)' });
      continue;
    }
    images.set(o.imageData, new Uint8Array(bytes));
  }
  return { images, problems };
}
