/**
 * Where a call to the kiosk core stands, as a screen shows it. Declared once here; every screen that
 * waits for the core uses it, so "loading" and "error" mean the same thing everywhere.
 */
import { KioskCallError } from '../api';

/** Not started (or finished), under way, or failed and why. */
export type CallState<E> = { state: 'idle' } | { state: 'loading' } | { state: 'error'; error: E };

/** Just the name of the state, for calls whose failure needs no detail. */
export type LoadState = CallState<unknown>['state'];

/** The core's error code of a failed call; anything else (a bug, a lost page) is 'generic'. */
export function errorCodeOf(err: unknown): string {
  return err instanceof KioskCallError ? err.code : 'generic';
}
