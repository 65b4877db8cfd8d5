/**
 * An amount of yuan in capital numerals (人民币大写), as Chinese financial documents write it beside
 * the figures so that an amount cannot be altered by adding a stroke: 286,400.00 -> 贰拾捌万陆仟肆佰元整.
 * After the rules of the People's Bank of China for payment documents (支付结算办法): a zero inside the
 * amount is written once, 整 follows 元 or 角 but never 分.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

function integerWords(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4)
    groups.unshift(digits.slice(Math.max(0, end - 4), end).padStart(4, '0'));
  let out = '';
  let zero = false;
  groups.forEach((g, i) => {
    if (g === '0000') {
      zero = out !== '';
      return;
    }
    [...g].forEach((d, p) => {
      if (d === '0') zero = zero || out !== '';
      else {
        out += (zero ? '零' : '') + DIGITS[Number(d)] + PLACES[3 - p];
        zero = false;
      }
    });
    out += GROUPS[groups.length - 1 - i];
  });
  return out;
}

/** The capital-numeral words of an amount given as "5,000.00" or a number; anything else comes back as it was. */
export function rmbUpper(value: unknown): string {
  const text = typeof value === 'number' ? value.toFixed(2) : String(value).replace(/,/g, '').trim();
  const m = /^(\d{1,16})(?:\.(\d)(\d)?)?$/.exec(text);
  if (!m) return String(value);
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const [jiao, fen] = [Number(m[2] ?? 0), Number(m[3] ?? 0)];
  const yuan = whole === '0' ? '' : `${integerWords(whole)}元`;
  if (!jiao && !fen) return `${yuan || '零元'}整`;
  const jiaoWords = jiao ? `${DIGITS[jiao]}角` : yuan ? '零' : '';
  return `${yuan}${jiaoWords}${fen ? `${DIGITS[fen]}分` : '整'}`;
}
