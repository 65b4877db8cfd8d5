/** How long a card lookup binds a person to a terminal (central/domain/card-binding.ts). */
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZE_AFTER_LOOKUP_MS,
  DATA_AFTER_LOOKUP_MS,
  lookedUpWithin,
  windowText,
} from '../../../../central/domain/card-binding.js';

const NOW = 10_000_000_000;

describe('lookedUpWithin', () => {
  it('binds from the lookup to the end of the window, inclusive', () => {
    expect(lookedUpWithin(NOW - DATA_AFTER_LOOKUP_MS, NOW, DATA_AFTER_LOOKUP_MS)).toBe(true);
    expect(lookedUpWithin(NOW - DATA_AFTER_LOOKUP_MS - 1, NOW, DATA_AFTER_LOOKUP_MS)).toBe(false);
  });
  it('binds nobody without a lookup', () => {
    expect(lookedUpWithin(undefined, NOW, AUTHORIZE_AFTER_LOOKUP_MS)).toBe(false);
  });
  // The retention task keeps lookups at least as long as the longest window (central/store/retention.ts).
  it('has the authorization window as its longest', () => {
    expect(AUTHORIZE_AFTER_LOOKUP_MS).toBeGreaterThanOrEqual(DATA_AFTER_LOOKUP_MS);
  });
});

it('names the windows as a refusal says them', () => {
  expect(windowText(AUTHORIZE_AFTER_LOOKUP_MS)).toBe('24 h');
  expect(windowText(DATA_AFTER_LOOKUP_MS)).toBe('30 min');
});
