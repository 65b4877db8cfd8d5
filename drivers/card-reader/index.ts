/**
 * Card readers: the CardReader interface, one implementation per technology, and the ReaderManager
 * that runs the configured readers (reconnects, duplicate suppression) as a single CardReader.
 */
import { ReaderManager } from './reader-manager.js';
import type { SimulatedCardReader } from './simulated.js';
import type { CardReader } from './types.js';

export type { CardReader, CardRead, CardReaderEvents, GarbageReport, ReaderStatus } from './types.js';
export { SimulatedCardReader } from './simulated.js';
export { createCardReader } from './create.js';
export {
  ReaderManager,
  DEFAULT_DEDUPE_MS,
  DEFAULT_RECONNECT,
  type ReaderManagerOptions,
  type ReaderLog,
  type ReaderStats,
  type PlugEvents,
} from './reader-manager.js';
export { compileNormalizer, NormalizeConfigError, type Normalizer, type NormalizeResult } from './normalize.js';

/** The simulated reader among these readers, looking inside a ReaderManager (demo mode taps cards through it). */
export function findSimulatedReader(readers: readonly CardReader[]): SimulatedCardReader | undefined {
  for (const r of readers) {
    const sim = r instanceof ReaderManager ? r.simulated() : 'swipe' in r ? (r as SimulatedCardReader) : undefined;
    if (sim) return sim;
  }
  return undefined;
}
