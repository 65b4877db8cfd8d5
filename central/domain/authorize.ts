/**
 * Whether a job may be authorized for a person, and why not, in words an admin and a station's log
 * understand (docs/central.md, "Terms and quotas", "Document kinds"). The store checks the card lookup
 * and the person first, reads the kind and the person's catalog item, and refuses with what these say.
 */
import type { CatalogItem } from '../../shared/domain.js';
import type { KindDefinition } from '../../shared/document-kind.js';

/** A refusal: its code (AuthorizationRefused's) and the message for the station. */
export interface Refusal {
  code: 'not_eligible' | 'quota_used_up';
  message: string;
}

/** Why a job of `kindId` (with `purpose`) cannot be authorized whoever asks: the kind is unknown or disabled, or the purpose is not one it offers. */
export function kindRefusal(
  kindId: string,
  kind: { disabled: boolean; definition: KindDefinition } | null | undefined,
  purpose: string | undefined,
): Refusal | null {
  if (!kind || kind.disabled)
    return {
      code: 'not_eligible',
      message: kind
        ? `The document kind "${kindId}" (${kind.definition.title.en}) is disabled at central: nobody can print it until an admin enables it again (estation central kinds enable ${kindId}).`
        : `Central has no document kind "${kindId}": this station offers a document central does not know (estation central kinds list shows the kinds).`,
    };
  const { purposes } = kind.definition;
  if (purpose !== undefined && !purposes.some((x) => x.id === purpose))
    return {
      code: 'not_eligible',
      message: `The purpose "${purpose}" is not one ${kindId} offers (${purposes.map((x) => x.id).join(', ') || 'none'}).`,
    };
  return null;
}

/** Why `copies` of the kind cannot be authorized for this person, from their catalog `item` of it (undefined: not offered to them). */
export function itemRefusal(
  person: { id: string; role: string },
  kind: KindDefinition,
  item: CatalogItem | undefined,
  copies: number,
): Refusal | null {
  const note = item?.unavailableNote && `${item.unavailableNote.en} (${item.unavailableNote.zh})`;
  if (!item || item.unavailableReason === 'not_eligible' || item.unavailableReason === 'no_record')
    return {
      code: 'not_eligible',
      message:
        note ??
        `${person.id} may not print ${kind.id}: it is for ${kind.audience.join(' and ')}s, not ${person.role}s.`,
    };
  if (!item.available || copies > item.maxCopies)
    return {
      code: 'quota_used_up',
      message: note ?? `Only ${item.freeRemaining} free copies of ${kind.id} left this term.`,
    };
  return null;
}
