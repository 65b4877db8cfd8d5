/**
 * Names of the kiosk API's methods and events, without their schemas. The Electron preload imports
 * only this file, so the sandboxed preload bundle stays tiny and dependency-free.
 * shared/kiosk-api.ts checks at compile time that its schemas cover exactly these names.
 */
export const KIOSK_METHODS = [
  'getStatus',
  'getSession',
  'endSession',
  'requestPrint',
  'listSessionJobs',
  'listDemoCards',
  'simulateSwipe',
  'touchSession',
  'previewDocument',
  'startMaintenance',
  'submitStaffPin',
  'getMaintenance',
  'cancelJob',
  'reprintJob',
  'markJobPrinted',
  'acknowledgeFlag',
  'testPrint',
  'syncNow',
  'simulateFaults',
] as const;
export const KIOSK_EVENTS = ['status', 'session', 'job', 'readTest'] as const;
export type KioskMethodNameList = (typeof KIOSK_METHODS)[number];
export type KioskEventNameList = (typeof KIOSK_EVENTS)[number];

/** Prefix of every Electron IPC channel: `estation:<method>` for calls, `estation:event:<name>` for events. */
export const IPC_PREFIX = 'estation:';
