import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../templates/engine/bindings.js';
import { rmbUpper } from '../../../templates/engine/rmb.js';

describe('rmbUpper (人民币大写)', () => {
  it.each([
    ['286,400.00', '贰拾捌万陆仟肆佰元整'],
    ['23,866.67', '贰万叁仟捌佰陆拾陆元陆角柒分'],
    ['5,460.00', '伍仟肆佰陆拾元整'],
    ['100,500.00', '壹拾万零伍佰元整'],
    ['1,010.05', '壹仟零壹拾元零伍分'],
    ['1,000,000.00', '壹佰万元整'],
    ['100,000,001.00', '壹亿零壹元整'],
    ['12.30', '壹拾贰元叁角整'],
    ['0.50', '伍角整'],
    ['0.07', '柒分'],
    ['0.00', '零元整'],
    ['7', '柒元整'],
  ])('%s is %s', (amount, words) => expect(rmbUpper(amount)).toBe(words));

  it('takes a number too, and leaves what is not an amount as it was', () => {
    expect(rmbUpper(1200)).toBe('壹仟贰佰元整');
    for (const odd of ['', 'n/a', '-5.00', '1.234', '12,34x']) expect(rmbUpper(odd)).toBe(odd);
  });

  it('is a binding format', () => {
    expect(interpolate('（大写：{{a|rmbUpper}}）', { a: '26,640.00' }, 'zh')).toBe('（大写：贰万陆仟陆佰肆拾元整）');
  });
});
