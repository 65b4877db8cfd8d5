import { useI18n } from 'vue-i18n';

/** Fen as the screen shows money: "¥12.34" in the student's language (the `currency` number format). */
export function useMoney(): { money: (cents: number) => string } {
  const { n } = useI18n();
  return { money: (cents: number) => n(cents / 100, 'currency') };
}
