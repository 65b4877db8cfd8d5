/** useLocalized(): the UI's language as the data's language, and the matching half of a text. */
import { afterEach, describe, expect, it } from 'vitest';
import { languageOf, useLocalized } from '../../../renderer/src/composables/useLocalized';
import { i18n } from '../../../renderer/src/i18n';

const CAMPUS = { zh: '示范大学', en: 'Demo University' };

afterEach(() => {
  i18n.global.locale.value = 'zh';
});

describe('useLocalized', () => {
  it('follows the UI language as it switches', () => {
    const { lang, pick } = useLocalized();
    expect(lang.value).toBe('zh');
    expect(pick(CAMPUS)).toBe('示范大学');
    i18n.global.locale.value = 'en';
    expect(lang.value).toBe('en');
    expect(pick(CAMPUS)).toBe('Demo University');
  });

  it('keeps an absent text absent', () => {
    const { pick } = useLocalized();
    expect(pick(undefined)).toBeUndefined();
    expect(pick(null)).toBeUndefined();
  });

  it('reads any locale but English as Chinese, the fallback', () => {
    expect(languageOf('en')).toBe('en');
    expect(languageOf('zh')).toBe('zh');
    expect(languageOf('fr')).toBe('zh');
  });
});
