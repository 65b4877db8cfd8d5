/**
 * pdf-lib compresses every stream with pako, a pure-JavaScript deflate that took most of a
 * render's time (profiled: font subsets and page contents). This swaps pdf-lib's pako.deflate for
 * Node's native zlib, which writes the same zlib format several times faster, and remembers the
 * compressed bytes of each font subset (subsets are cached and reused, so are their streams).
 * Installed once per process, before any document is saved.
 */
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

const cache = new WeakMap<Uint8Array, Uint8Array>();
let installed = false;

export function installFastDeflate(): void {
  if (installed) return;
  installed = true;
  // pako as pdf-lib itself resolves it, so that the patched function is the one pdf-lib calls.
  const fromPdfLib = createRequire(createRequire(import.meta.url).resolve('pdf-lib'));
  const pako = fromPdfLib('pako') as { deflate: (data: Uint8Array, options?: unknown) => Uint8Array };
  pako.deflate = (data: Uint8Array) => {
    const hit = cache.get(data);
    if (hit) return hit;
    const out = new Uint8Array(deflateSync(data));
    if (data.byteLength > 4096) cache.set(data, out);
    return out;
  };
}
