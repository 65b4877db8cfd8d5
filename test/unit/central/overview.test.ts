/** The operators' overview (central/overview.ts) and the bilingual durations it shows (central/duration.ts). */
import { describe, expect, it } from 'vitest';
import { formatDuration, timeAgo } from '../../../central/duration.js';
import { terminalsOverview } from '../../../central/overview.js';
import type { TerminalRecord } from '../../../central/store/types.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const t = (id: string, over: Partial<TerminalRecord> = {}): TerminalRecord => ({
  id,
  name: id.toUpperCase(),
  revoked: false,
  lastHeartbeat: ago(3),
  outOfService: false,
  backlog: 0,
  backlogOldestS: null,
  health: null,
  ...over,
});

describe('terminalsOverview', () => {
  it('sorts terminals with errors first, then warnings, then the rest, each group by id', () => {
    const records = [
      t('a-ok'),
      t('b-warn', { backlog: 3, backlogOldestS: 5000 }),
      t('c-error', { lastHeartbeat: null }),
      t('a-warn', { backlog: 1, backlogOldestS: 9000 }),
      t('b-error', { outOfService: true }),
      t('0-revoked', { revoked: true, lastHeartbeat: null }),
    ];
    const { terminals, generatedAt } = terminalsOverview(records, NOW);
    expect(terminals.map((x) => x.id)).toEqual(['b-error', 'c-error', 'a-warn', 'b-warn', '0-revoked', 'a-ok']);
    expect(generatedAt).toBe(NOW.toISOString());
  });

  it('marks silent terminals (never, or quiet for silentAfterS) and carries the stored state through', () => {
    const { terminals } = terminalsOverview(
      [t('quiet', { lastHeartbeat: ago(120), backlog: 2, backlogOldestS: 30 }), t('never', { lastHeartbeat: null })],
      NOW,
      { silentAfterS: 100 },
    );
    expect(terminals.find((x) => x.id === 'quiet')).toMatchObject({
      silent: true,
      backlog: 2,
      backlogOldestS: 30,
      name: 'QUIET',
      health: null,
    });
    expect(terminals.find((x) => x.id === 'never')).toMatchObject({ silent: true, lastHeartbeat: null });
    expect(terminalsOverview([t('fresh')], NOW).terminals[0]).toMatchObject({ silent: false, alerts: [] });
  });
});

describe('durations', () => {
  it('formats whole seconds, minutes, hours and days in both languages', () => {
    expect(formatDuration(12.9)).toEqual({ zh: '12 秒', en: '12 s' });
    expect(formatDuration(-5)).toEqual({ zh: '0 秒', en: '0 s' });
    expect(formatDuration(150)).toEqual({ zh: '2 分钟', en: '2 min' });
    expect(formatDuration(3 * 3600 + 59)).toEqual({ zh: '3 小时', en: '3 h' });
    expect(formatDuration(3 * 86_400)).toEqual({ zh: '3 天', en: '3 d' });
  });

  it('says how long ago a time was, or null when there is none', () => {
    expect(timeAgo(ago(12), NOW)).toEqual({ zh: '12 秒前', en: '12 s ago' });
    expect(timeAgo(null, NOW)).toBeNull();
    expect(timeAgo('not a time', NOW)).toBeNull();
  });
});
