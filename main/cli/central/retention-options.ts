/**
 * `--keep-reports DAYS`, `--keep-lookups DAYS` and `--keep-heartbeats DAYS`: the retention limits, as `estation central` (the
 * scheduled prune) and `estation central prune` take them (central/store/retention.ts).
 */
import { retentionLimits, RetentionLimitError, type RetentionLimits } from '../../../central/store/retention.js';
import { UsageError } from '../args.js';

export const RETENTION_OPTIONS = {
  'keep-reports': { type: 'string' },
  'keep-lookups': { type: 'string' },
  'keep-heartbeats': { type: 'string' },
} as const;

export function retentionFromOptions(values: {
  'keep-reports'?: string;
  'keep-lookups'?: string;
  'keep-heartbeats'?: string;
}): RetentionLimits {
  const days = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${flag} takes a whole number of days, not "${v}"`);
    return Number(v);
  };
  const reportLogDays = days(values['keep-reports'], 'keep-reports');
  const cardLookupDays = days(values['keep-lookups'], 'keep-lookups');
  const heartbeatDays = days(values['keep-heartbeats'], 'keep-heartbeats');
  try {
    return retentionLimits({
      ...(reportLogDays !== undefined ? { reportLogDays } : {}),
      ...(cardLookupDays !== undefined ? { cardLookupDays } : {}),
      ...(heartbeatDays !== undefined ? { heartbeatDays } : {}),
    });
  } catch (err) {
    if (err instanceof RetentionLimitError)
      throw new UsageError(
        err.message
          .replace('reportLogDays', '--keep-reports')
          .replace('cardLookupDays', '--keep-lookups')
          .replace('heartbeatDays', '--keep-heartbeats'),
      );
    throw err;
  }
}
