/**
 * The station page's recent alerts (central/staff/station-alerts-html.ts): an alert still on says so and
 * how long it has lasted until now; none at all says there were none.
 */
import { describe, expect, it } from 'vitest';
import { recentAlertsSection } from '../../../central/staff/station-alerts-html.js';

const NOW = new Date('2026-11-02T04:00:00Z');

describe('recent alerts on the station page', () => {
  it('an open alert is "still on", lasting until now, with its kind named', () => {
    const html = recentAlertsSection(
      [
        {
          historyId: 7,
          id: 'k:silent',
          terminalId: 'k',
          terminalName: 'K',
          cause: 'silent',
          severity: 'error',
          message: { zh: '无心跳', en: 'No heartbeat' },
          raisedAt: '2026-11-02T01:00:00Z',
          clearedAt: null,
        },
      ],
      30,
      NOW,
      'Asia/Shanghai',
    );
    expect(html).toContain('data-open="yes"');
    expect(html).toContain('Still on');
    expect(html).toContain('3 h');
    expect(html).toContain('2026-11-02 09:00');
    expect(html).toContain('No heartbeat');
  });

  it('no alert in the period says so', () => {
    expect(recentAlertsSection([], 30, NOW, 'Asia/Shanghai')).toContain('No alerts in the last 30 days');
  });
});
