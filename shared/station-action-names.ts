/**
 * The remote actions' names (issue #18), in the dashboard's order, without their schemas: what the CLI's
 * help lists, loaded without zod (the help path loads no package; test/unit/cli/help.test.ts). Their
 * parameters are shared/station-actions.ts, which is keyed by exactly these names.
 */
export const STATION_ACTION_NAMES = [
  'out_of_service',
  'back_in_service',
  'restart',
  'sync',
  'logs',
  'resolve_job',
  'screenshot',
] as const;
export type StationActionName = (typeof STATION_ACTION_NAMES)[number];
