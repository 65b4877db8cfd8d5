/**
 * The preview of the document a student opened: one state, from "nothing" through "loading" to the
 * PDF or the reason it failed. Every new load and every reset supersedes the calls before it, so an
 * answer that arrives after the student picked another language, closed the preview or left never
 * shows (nor does its error).
 */
import { shallowRef, type ShallowRef } from 'vue';
import type { DocumentKind, Language } from '../../../shared/domain';
import type { PreviewView } from '../../../shared/kiosk-api';
import type { KioskClient } from '../api';
import { errorCodeOf, type CallState } from './load-state';

export interface Selection {
  kind: DocumentKind;
  language: Language;
  /** The purpose (用途) picked, by id; none: the general purpose. */
  purpose?: string;
}

export interface LoadedPreview {
  pages: number;
  pdf: Uint8Array;
  placeholders: PreviewView['placeholders'];
  /** Sensitive figures are hidden on screen (they print in full). */
  masked: boolean;
}

/** `error` carries the core's error code (for the message and for diagnostics). */
export type PreviewState = CallState<string> | { state: 'ready'; preview: LoadedPreview };

export interface PreviewLoader {
  readonly state: Readonly<ShallowRef<PreviewState>>;
  /** Loads `selection`; resolves to the state it reached, or null if something superseded it. */
  load(selection: Selection): Promise<PreviewState | null>;
  /** Back to nothing; a call still under way is forgotten. */
  reset(): void;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function createPreviewLoader(client: KioskClient): PreviewLoader {
  const state = shallowRef<PreviewState>({ state: 'idle' });
  /** Number of the latest load or reset; an answer to an older load is dropped. */
  let latest = 0;

  async function load(selection: Selection): Promise<PreviewState | null> {
    const mine = ++latest;
    state.value = { state: 'loading' };
    let next: PreviewState;
    try {
      const p = await client.call('previewDocument', selection);
      next = {
        state: 'ready',
        preview: {
          pages: p.pages,
          pdf: decodeBase64(p.pdfBase64),
          placeholders: p.placeholders,
          masked: p.masked === true,
        },
      };
    } catch (err) {
      next = { state: 'error', error: errorCodeOf(err) };
    }
    if (mine !== latest) return null;
    state.value = next;
    return next;
  }

  function reset(): void {
    latest++;
    state.value = { state: 'idle' };
  }

  return { state, load, reset };
}
