import { createI18n } from 'vue-i18n';
import en from './en';
import zh from './zh';

export type Lang = 'zh' | 'en';

export const i18n = createI18n({
  legacy: false,
  locale: 'zh',
  fallbackLocale: 'zh',
  messages: { zh, en },
});

export function setLanguage(lang: Lang): void {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
