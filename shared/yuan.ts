/**
 * Money as documents print it: yuan with two decimals and thousands separators (1234567 fen →
 * "12,345.67"). Whole-number arithmetic on fen, so no amount is ever off by a floating-point fen.
 */
export function yuan(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`an amount in fen must be a whole number, not ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
