/**
 * How the publish checks learn a document kind: an injected function, so that they do not depend on
 * where kinds are kept. Central passes its store's `kindDefinition` (`estation central kinds`); tests
 * may pass their own.
 */
import type { KindDefinition } from '../../shared/document-kind.js';

export interface KindLookupResult {
  definition: KindDefinition;
  disabled: boolean;
  version: number;
}
export type KindLookup = (id: string) => Promise<KindLookupResult | null>;
