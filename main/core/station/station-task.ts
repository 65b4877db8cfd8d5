/**
 * Something the station does on its own, at start and then every `everyMs` while it runs (registering
 * its signing key with central today). The host builds the tasks it wants (create-kiosk.ts) and the core
 * starts and stops them, so a new one is a module and one line in create-kiosk.ts, with no change to
 * the core (docs/architecture.md, "Adding a new kind of central API call").
 */
export interface StationTask {
  /** Names the task in the log when a round fails. */
  readonly name: string;
  /** How long after one round ends the next starts. */
  readonly everyMs: number;
  /** One round. A rejection is logged and the task runs again at its next round. */
  run(): Promise<unknown>;
}
