/** The documents screen's reason for an item it cannot offer: central's own words first, in the UI's language. */
import { afterEach, describe, expect, it } from 'vitest';
import { unavailableText } from '../../../renderer/src/composables/unavailable';
import { i18n } from '../../../renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'zh';
});

const SUSPENDED = {
  zh: '学籍状态为休学，不能打印在读证明',
  en: 'Your student status is suspended: the Certificate of Enrollment cannot be printed.',
};

describe('unavailableText', () => {
  it("says central's reason in the UI's language when central gave one", () => {
    const item = { unavailableReason: 'not_eligible' as const, unavailableNote: SUSPENDED };
    expect(unavailableText(item)).toBe(SUSPENDED.zh);
    i18n.global.locale.value = 'en';
    expect(unavailableText(item)).toBe(SUSPENDED.en);
  });

  it('falls back to the general sentence for the reason', () => {
    expect(unavailableText({ unavailableReason: 'quota_used_up' })).toBe('本学期免费份数已用完');
    expect(unavailableText({})).toBe('您暂无打印此文件的权限');
    i18n.global.locale.value = 'en';
    expect(unavailableText({ unavailableReason: 'template_missing' })).toBe('Not offered at this station');
  });
});
