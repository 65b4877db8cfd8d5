/**
 * Font subsetting with HarfBuzz's hb-subset (WebAssembly from the harfbuzzjs package).
 *
 * Why not pdf-lib's own `subset: true`: with the Noto CJK TrueType fonts it silently produces
 * pages with missing glyphs (text extracts fine, but most characters are not drawn). hb-subset is
 * the subsetter browsers and font tools rely on. Each font is loaded into the wasm heap once per
 * process and kept as an hb_face, so a subset costs only the glyphs a document uses.
 */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

interface HbSubsetExports {
  memory: { buffer: ArrayBuffer };
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, len: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lenOut: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_or_fail(face: number, input: number): number;
  hb_set_add(set: number, cp: number): void;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const tag = (s: string) =>
  ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;
// Layout is done by us, glyph by glyph with plain advances: the OpenType layout tables would make
// pdf-lib's shaper substitute full-width digits and ligatures whose widths it then measures wrongly.
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'morx', 'kerx'].map(tag);
// Node's global WebAssembly, typed to the calls we make (the ES lib for Node code has no WebAssembly types).
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<object>;
      instantiate(module: object, imports: object): Promise<{ exports: unknown }>;
    };
  }
).WebAssembly;
let modulePromise: Promise<object> | undefined;

/**
 * A fresh HarfBuzz instance. harfbuzz-subset.wasm has a fixed 64 MiB heap that cannot grow, and a
 * Noto CJK face takes 10-15 MiB of it: each face gets an instance (and heap) of its own.
 */
async function hb(): Promise<HbSubsetExports> {
  modulePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const bytes = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    // V8 otherwise recompiles the whole module with TurboFan when the second face is created
    // (measured: 250-300 ms, a third of a cold render). The baseline (Liftoff) code subsets in 1-3 ms.
    setFlagsFromString('--liftoff-only');
    try {
      return await wasmApi.compile(bytes);
    } finally {
      setFlagsFromString('--no-liftoff-only');
    }
  })();
  const instance = await wasmApi.instantiate(await modulePromise, {});
  return instance.exports as HbSubsetExports;
}

/** Room for a font of `length` bytes in this instance's heap. */
function heapFor(x: HbSubsetExports, length: number): number {
  const ptr = x.malloc(length);
  if (!ptr)
    throw new Error(`HarfBuzz has no room for a ${length}-byte font; fonts larger than about 50 MB cannot be subset`);
  return ptr;
}

/** A font loaded once into HarfBuzz; `subset()` returns a small TrueType font with just the given characters. */
export class SubsetFace {
  private constructor(
    private readonly x: HbSubsetExports,
    private face: number,
  ) {}

  /** A face from font bytes already in memory. */
  static async load(bytes: Uint8Array): Promise<SubsetFace> {
    const x = await hb();
    const ptr = heapFor(x, bytes.byteLength);
    new Uint8Array(x.memory.buffer).set(bytes, ptr);
    return SubsetFace.fromHeap(x, ptr, bytes.byteLength);
  }

  /**
   * A face from a font file, read straight into the HarfBuzz heap: a Noto CJK font is 10-22 MB, and
   * reading it into a buffer first and then copying that into the heap doubled the work of a cold
   * render (and kept a second copy of every font alive for as long as the process).
   */
  static async loadFile(file: string): Promise<SubsetFace> {
    const x = await hb();
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const ptr = heapFor(x, size);
      const target = new Uint8Array(x.memory.buffer, ptr, size);
      for (let done = 0; done < size;) {
        const { bytesRead } = await handle.read(target, done, size - done, done);
        if (bytesRead === 0) throw new Error(`${file} ended after ${done} of ${size} bytes; is it being replaced?`);
        done += bytesRead;
      }
      return SubsetFace.fromHeap(x, ptr, size);
    } finally {
      await handle.close();
    }
  }

  private static fromHeap(x: HbSubsetExports, ptr: number, length: number): SubsetFace {
    // The blob takes ownership of ptr; HarfBuzz frees nothing here because destroy is null,
    // which is fine: the face lives as long as the process.
    const blob = x.hb_blob_create(ptr, length, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = x.hb_face_create(blob, 0);
    x.hb_blob_destroy(blob);
    return new SubsetFace(x, face);
  }

  subset(text: string): Uint8Array {
    const x = this.x;
    const input = x.hb_subset_input_create_or_fail();
    if (!input) throw new Error('HarfBuzz could not allocate a subset input');
    const set = x.hb_subset_input_unicode_set(input);
    for (const ch of new Set(text)) x.hb_set_add(set, ch.codePointAt(0)!);
    const drop = x.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const t of DROPPED_TABLES) x.hb_set_add(drop, t);
    const sub = x.hb_subset_or_fail(this.face, input);
    x.hb_subset_input_destroy(input);
    if (!sub) throw new Error('HarfBuzz could not subset the font');
    const blob = x.hb_face_reference_blob(sub);
    const ptr = x.hb_blob_get_data(blob, 0);
    const len = x.hb_blob_get_length(blob);
    const out = new Uint8Array(x.memory.buffer).slice(ptr, ptr + len);
    x.hb_blob_destroy(blob);
    x.hb_face_destroy(sub);
    return out;
  }
}
