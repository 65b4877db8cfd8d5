/**
 * The alert rules (central/alerts.ts), one cause at a time: each is raised when it should be and not
 * otherwise, with its severity, stable id and bilingual message.
 */
import { describe, expect, it } from 'vitest';
import { alertsFor, isSilent } from '../../../central/alerts.js';
import type { TerminalRecord } from '../../../central/store/types.js';
import type { TerminalHealth } from '../../../shared/central-api.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

function health(
  over: Partial<Omit<TerminalHealth, 'printer'>> & { printer?: Partial<TerminalHealth['printer']> } = {},
): TerminalHealth {
  const { printer, ...rest } = over;
  return {
    printer: {
      state: 'idle',
      acceptingJobs: true,
      conditions: [],
      supplies: [{ name: 'Black toner', percent: 80 }],
      ...printer,
    },
    readers: [{ id: 'hid-1', state: 'connected' }],
    reasons: [],
    templates: [{ id: 'enrollment-zh', version: '1.2.0' }],
    ...rest,
  };
}

function terminal(over: Partial<TerminalRecord> = {}): TerminalRecord {
  return {
    id: 'lib-1',
    name: 'Library',
    revoked: false,
    lastHeartbeat: ago(5),
    outOfService: false,
    backlog: 0,
    backlogOldestS: null,
    health: health(),
    ...over,
  };
}

const causes = (t: TerminalRecord, opts = {}) => alertsFor(t, NOW, opts).map((a) => `${a.severity} ${a.id}`);

describe('alertsFor', () => {
  it('a healthy terminal that just sent a heartbeat has no alerts', () => {
    expect(alertsFor(terminal(), NOW)).toEqual([]);
  });

  describe('silent', () => {
    it('is an error when the terminal never sent a heartbeat', () => {
      const [a] = alertsFor(terminal({ lastHeartbeat: null, outOfService: null, backlog: null, health: null }), NOW);
      expect(a).toEqual({
        id: 'lib-1:silent',
        severity: 'error',
        cause: 'silent',
        message: { zh: '从未收到心跳', en: 'Has never sent a heartbeat' },
      });
    });

    it('is an error after 90 s without a heartbeat, saying for how long', () => {
      expect(causes(terminal({ lastHeartbeat: ago(89) }))).toEqual([]);
      const alerts = alertsFor(terminal({ lastHeartbeat: ago(600) }), NOW);
      expect(alerts.map((a) => a.id)).toEqual(['lib-1:silent']);
      expect(alerts[0]!.message).toEqual({ zh: '已 10 分钟未收到心跳', en: 'No heartbeat for 10 min' });
    });

    it('honours silentAfterS, and an unreadable heartbeat time counts as never', () => {
      expect(causes(terminal({ lastHeartbeat: ago(30) }), { silentAfterS: 20 })).toEqual(['error lib-1:silent']);
      expect(causes(terminal({ lastHeartbeat: ago(30) }), { silentAfterS: 31 })).toEqual([]);
      expect(causes(terminal({ lastHeartbeat: 'yesterday' }))).toEqual(['error lib-1:silent']);
      expect(isSilent({ lastHeartbeat: ago(90) }, NOW)).toBe(true);
      expect(isSilent({ lastHeartbeat: ago(10) }, NOW)).toBe(false);
    });
  });

  describe('out_of_service', () => {
    it('is an error whose message joins the terminal’s reasons in each language', () => {
      const reasons = [
        { zh: '打印机缺纸', en: 'The printer is out of paper' },
        { zh: '读卡器未连接', en: 'The card reader is not connected' },
      ];
      const alerts = alertsFor(terminal({ outOfService: true, health: health({ reasons }) }), NOW);
      expect(alerts).toEqual([
        {
          id: 'lib-1:out_of_service',
          severity: 'error',
          cause: 'out_of_service',
          message: {
            zh: '打印机缺纸；读卡器未连接',
            en: 'The printer is out of paper; The card reader is not connected',
          },
        },
      ]);
    });

    it('has a plain message when the terminal sent no reasons (an older terminal without health)', () => {
      expect(alertsFor(terminal({ outOfService: true, health: null }), NOW)[0]!.message).toEqual({
        zh: '终端暂停服务',
        en: 'The terminal is out of service',
      });
    });

    it('is absent while in service, even if reasons were sent', () => {
      expect(
        causes(terminal({ outOfService: false, health: health({ reasons: [{ zh: '维护', en: 'Maintenance' }] }) })),
      ).toEqual([]);
    });
  });

  describe('printer', () => {
    it('raises one alert per condition with its severity and message, ignoring reports', () => {
      const conditions: TerminalHealth['printer']['conditions'] = [
        { keyword: 'media-empty', severity: 'error', message: { zh: '纸盒无纸', en: 'Out of paper' } },
        { keyword: 'toner-low', severity: 'warning', message: { zh: '墨粉不足', en: 'Toner low' } },
        { keyword: 'power-saver', severity: 'report', message: { zh: '节能模式', en: 'Power saver' } },
      ];
      const alerts = alertsFor(terminal({ health: health({ printer: { conditions } }) }), NOW);
      expect(alerts).toEqual([
        {
          id: 'lib-1:printer:media-empty',
          severity: 'error',
          cause: 'printer',
          message: { zh: '纸盒无纸', en: 'Out of paper' },
        },
        {
          id: 'lib-1:printer:toner-low',
          severity: 'warning',
          cause: 'printer',
          message: { zh: '墨粉不足', en: 'Toner low' },
        },
      ]);
    });

    it('a condition repeated under the same keyword is one alert', () => {
      const c = { keyword: 'door-open', severity: 'error' as const, message: { zh: '机门打开', en: 'Door open' } };
      expect(causes(terminal({ health: health({ printer: { conditions: [c, c] } }) }))).toEqual([
        'error lib-1:printer:door-open',
      ]);
    });
  });

  describe('supply', () => {
    it('is a warning at or below 10 %, not above, and not for an unknown level', () => {
      const supplies = [
        { name: 'Black toner', percent: 5 },
        { name: 'Drum', percent: 10 },
        { name: 'Waste toner', percent: 11 },
        { name: 'Fuser', percent: null },
      ];
      const alerts = alertsFor(terminal({ health: health({ printer: { supplies } }) }), NOW);
      expect(alerts.map((a) => `${a.severity} ${a.id}`)).toEqual([
        'warning lib-1:supply:Black toner',
        'warning lib-1:supply:Drum',
      ]);
      expect(alerts[0]!.message).toEqual({ zh: '耗材 Black toner 余量低（5%）', en: 'Black toner is low (5%)' });
    });
  });

  describe('reader', () => {
    it('is an error for a reader that is disconnected or failed, with its message', () => {
      const readers: TerminalHealth['readers'] = [
        { id: 'hid-1', state: 'connected' },
        { id: 'nfc-2', state: 'disconnected' },
        { id: 'serial-3', state: 'error', message: 'port busy' },
      ];
      const alerts = alertsFor(terminal({ health: health({ readers }) }), NOW);
      expect(alerts).toEqual([
        {
          id: 'lib-1:reader:nfc-2',
          severity: 'error',
          cause: 'reader',
          message: { zh: '读卡器 nfc-2 未连接', en: 'Card reader nfc-2 is not connected' },
        },
        {
          id: 'lib-1:reader:serial-3',
          severity: 'error',
          cause: 'reader',
          message: { zh: '读卡器 serial-3 故障 (port busy)', en: 'Card reader serial-3 has failed (port busy)' },
        },
      ]);
    });
  });

  describe('backlog', () => {
    it('is a warning when the oldest unsent report is older than an hour', () => {
      const alerts = alertsFor(terminal({ backlog: 4, backlogOldestS: 7300 }), NOW);
      expect(alerts).toEqual([
        {
          id: 'lib-1:backlog',
          severity: 'warning',
          cause: 'backlog',
          message: {
            zh: '4 份打印记录未上报，最早的已等待 2 小时',
            en: '4 job reports not yet sent to central; the oldest has waited 2 h',
          },
        },
      ]);
    });

    it('is absent for a young backlog, exactly an hour, or none', () => {
      expect(causes(terminal({ backlog: 30, backlogOldestS: 600 }))).toEqual([]);
      expect(causes(terminal({ backlog: 1, backlogOldestS: 3600 }))).toEqual([]);
      expect(causes(terminal({ backlog: 0, backlogOldestS: null }))).toEqual([]);
    });
  });

  describe('clock (a station clock more than 2 minutes off: wrong dates on documents)', () => {
    it('is an error for a clock an hour fast or three minutes slow, saying which way', () => {
      const [fast] = alertsFor(terminal({ clockOffsetMs: 3600_000 }), NOW);
      expect(fast).toMatchObject({ id: 'lib-1:clock', severity: 'error', cause: 'clock' });
      expect(fast!.message.en).toContain("The station's clock is 1 h fast");
      expect(fast!.message.zh).toContain('终端时钟快了 1 小时');
      const [slow] = alertsFor(terminal({ clockOffsetMs: -180_000 }), NOW);
      expect(slow!.message.en).toContain('3 min slow');
    });

    it('is absent at 2 minutes or less, or when the station never said its time; the limit is an option', () => {
      expect(causes(terminal({ clockOffsetMs: 120_000 }))).toEqual([]);
      expect(causes(terminal({ clockOffsetMs: -120_000 }))).toEqual([]);
      expect(causes(terminal({ clockOffsetMs: null }))).toEqual([]);
      expect(causes(terminal({ clockOffsetMs: 120_001 }))).toEqual(['error lib-1:clock']);
      expect(causes(terminal({ clockOffsetMs: 30_000 }), { clockOffAfterS: 10 })).toEqual(['error lib-1:clock']);
    });
  });

  describe('template (the station fell back from a template that failed to render)', () => {
    const fallback = {
      kind: 'enrollment',
      language: 'zh' as const,
      failed: { id: 'enrollment-zh', version: '3.0.0' },
      using: { id: 'enrollment-zh', version: '2.1.0' },
      error: 'Data for template enrollment-zh is invalid: student.dormitory: is required',
      at: ago(60),
    };

    it('is a warning per failed version, saying which version is used instead', () => {
      expect(alertsFor(terminal({ health: health({ templateFallbacks: [fallback] }) }), NOW)).toEqual([
        {
          id: 'lib-1:template:enrollment-zh@3.0.0',
          severity: 'warning',
          cause: 'template',
          message: {
            zh: '模板 enrollment-zh 3.0.0 渲染失败，已改用 2.1.0',
            en: 'template enrollment-zh 3.0.0 failed to render, using 2.1.0',
          },
        },
      ]);
    });

    it('is absent when the station reports none (or is too old to report any)', () => {
      expect(causes(terminal({ health: health({ templateFallbacks: [] }) }))).toEqual([]);
      expect(causes(terminal({ health: health() }))).toEqual([]);
    });
  });

  it('a revoked terminal gets no alerts, however bad its state', () => {
    const bad = terminal({
      revoked: true,
      lastHeartbeat: null,
      outOfService: true,
      backlogOldestS: 99_999,
      health: health({
        readers: [{ id: 'r', state: 'error' }],
        printer: { supplies: [{ name: 'Toner', percent: 0 }] },
      }),
    });
    expect(alertsFor(bad, NOW)).toEqual([]);
  });

  it('a web-mode screen given up is an error saying to restart the service; a restart within the hour a warning; older ones nothing', () => {
    const screen = (h: TerminalHealth['screen']) => alertsFor(terminal({ health: health({ screen: h }) }), NOW);
    const givenUp = screen({
      state: 'given-up',
      restarts: 5,
      lastRestart: { at: ago(30), reason: 'page-unresponsive' },
    });
    expect(givenUp).toEqual([
      {
        id: 'lib-1:screen',
        severity: 'error',
        cause: 'screen',
        message: expect.objectContaining({
          en: expect.stringMatching(/given up after 5 restarts; restart the kiosk service/),
        }),
      },
    ]);
    const recent = screen({ state: 'running', restarts: 2, lastRestart: { at: ago(600), reason: 'browser-exited' } });
    expect(recent).toMatchObject([{ id: 'lib-1:screen', severity: 'warning', cause: 'screen' }]);
    expect(recent[0]!.message.en).toMatch(/restarted 10 min.* ago \(the browser exited\); 2 restart\(s\) in all/);
    expect(recent[0]!.message.zh).toContain('浏览器退出');
    expect(screen({ state: 'running', restarts: 2, lastRestart: { at: ago(7200), reason: 'browser-exited' } })).toEqual(
      [],
    );
    expect(screen({ state: 'running', restarts: 0 })).toEqual([]);
  });

  it('several causes at once come in a fixed order: silent, out of service, printer, supply, reader, backlog', () => {
    const t = terminal({
      lastHeartbeat: ago(3600),
      outOfService: true,
      backlog: 2,
      backlogOldestS: 4000,
      health: health({
        printer: {
          conditions: [{ keyword: 'media-empty', severity: 'error', message: { zh: '缺纸', en: 'Out of paper' } }],
          supplies: [{ name: 'Toner', percent: 3 }],
        },
        readers: [{ id: 'hid-1', state: 'disconnected' }],
      }),
    });
    expect(alertsFor(t, NOW).map((a) => a.cause)).toEqual([
      'silent',
      'out_of_service',
      'printer',
      'supply',
      'reader',
      'backlog',
    ]);
  });

  it('a station online most of its last working day that printed nothing: a warning naming the day', () => {
    const day = { date: '2026-02-27', slotsNeeded: 96, onlineSlots: 110, printed: 0 };
    expect(causes(terminal({ workingDay: day }))).toEqual(['warning lib-1:idle']);
    expect(alertsFor(terminal({ workingDay: day }), NOW)[0]!.message.en).toContain(
      '2026-02-27, yet it printed nothing',
    );
    expect(causes(terminal({ workingDay: { ...day, printed: 3 } }))).toEqual([]);
    expect(causes(terminal({ workingDay: { ...day, onlineSlots: 40 } }))).toEqual([]);
  });
});
