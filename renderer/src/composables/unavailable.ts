/**
 * Why a catalog item cannot be printed, as the documents screen says it: central's own words when it
 * sent them ("学籍状态为休学，不能打印在读证明"), else the general sentence for the reason.
 */
import type { CatalogItem } from '../../../shared/domain';
import { i18n } from '../i18n';
import { useLocalized } from './useLocalized';

export function unavailableText(item: Pick<CatalogItem, 'unavailableReason' | 'unavailableNote'>): string {
  const { pick } = useLocalized();
  return (
    pick(item.unavailableNote) ?? i18n.global.t(`documents.unavailable.${item.unavailableReason ?? 'not_eligible'}`)
  );
}
