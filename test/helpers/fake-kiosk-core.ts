/**
 * A kiosk core for host tests (IPC, web server): implements the whole kiosk API, so a method added to
 * the contract must be added here too. Only the demo swipe and ending a session answer; every other
 * method refuses with `not_demo`. Each method is a vi.fn, so tests can see which calls reached it.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { KioskApi } from '../../shared/kiosk-api.js';
import { KioskApiError } from '../../main/core/kiosk-api-error.js';
import type { KioskCoreEvents } from '../../main/core/kiosk-core.js';

const refuse = (): never => {
  throw new KioskApiError('not_demo', 'The fake kiosk core does not do this.');
};

export class FakeKioskCore extends EventEmitter<KioskCoreEvents> implements KioskApi {
  simulateSwipe = vi.fn((_input: { card: string }) => ({ ok: true as const }));
  endSession = vi.fn(() => ({ ok: true as const }));
  getStatus = vi.fn(refuse);
  getSession = vi.fn(refuse);
  requestPrint = vi.fn(refuse);
  listSessionJobs = vi.fn(refuse);
  listDemoCards = vi.fn(refuse);
  touchSession = vi.fn(refuse);
  previewDocument = vi.fn(refuse);
  startMaintenance = vi.fn(refuse);
  submitStaffPin = vi.fn(refuse);
  getMaintenance = vi.fn(refuse);
  cancelJob = vi.fn(refuse);
  reprintJob = vi.fn(refuse);
  markJobPrinted = vi.fn(refuse);
  acknowledgeFlag = vi.fn(refuse);
  testPrint = vi.fn(refuse);
  syncNow = vi.fn(refuse);
  simulateFaults = vi.fn(refuse);
}
