/** Small readers for attribute groups as the `ipp` parser returns them (one value plain, several as an array). */

export type IppAttributes = Record<string, unknown>;

export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

export function first(value: unknown): unknown {
  return list(value)[0];
}
