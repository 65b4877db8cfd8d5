/**
 * The UI language as the language of the data (`'zh' | 'en'`), for texts the core and central send in
 * both languages. The UI's locale is the i18n instance's global one, which `setLanguage()` switches.
 */
import { computed, type ComputedRef } from 'vue';
import type { Language, LocalizedText } from '../../../shared/domain';
import { i18n } from '../i18n';

export interface Localized {
  /** The language the UI speaks now. */
  lang: ComputedRef<Language>;
  /** The current language's half of a text that comes in both (absent stays absent). */
  pick: {
    (text: LocalizedText): string;
    (text: LocalizedText | null | undefined): string | undefined;
  };
}

/** Chinese unless the UI speaks English: Chinese is the fallback for any other locale too. */
export function languageOf(locale: string): Language {
  return locale === 'en' ? 'en' : 'zh';
}

export function useLocalized(): Localized {
  const lang = computed(() => languageOf(i18n.global.locale.value));
  function pick(text: LocalizedText): string;
  function pick(text: LocalizedText | null | undefined): string | undefined;
  function pick(text: LocalizedText | null | undefined): string | undefined {
    return text?.[lang.value];
  }
  return { lang, pick };
}
