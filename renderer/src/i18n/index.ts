import { createI18n } from 'vue-i18n';
import type { Language } from '../../../shared/domain';
import en from './en';
import zh from './zh';

const currency = {
  currency: { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2 },
} as const;
const dates = {
  long: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: 'zh',
  fallbackLocale: 'zh',
  messages: { zh, en },
  numberFormats: { zh: currency, en: currency },
  datetimeFormats: { zh: dates, en: dates },
});

/** The HTML `lang` tag of a UI language (simplified Chinese as used on the mainland). */
export function htmlLang(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

export function setLanguage(lang: Language): void {
  i18n.global.locale.value = lang;
  document.documentElement.lang = htmlLang(lang);
}
