import { createI18n } from 'vue-i18n';
import en from './en';
import zh from './zh';

export type Lang = 'zh' | 'en';

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

export function setLanguage(lang: Lang): void {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
