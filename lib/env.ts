/**
 * Reading numbers from environment variables. An override that is missing, empty, not an integer or
 * outside its range is ignored (undefined), so the caller's configured value or default applies: a typo
 * in a test or service file must never turn into a zero timeout or a negative count.
 */

/** `value` as an integer in [min, max], or undefined when it is unset, empty, not an integer or out of range. */
export function envInt(value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}
