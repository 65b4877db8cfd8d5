/**
 * Every alert cause `alertsFor` (alerts.ts) can raise, with its name for people: the dashboard's
 * "alert kind" filter lists these. `add` in alerts.ts only takes an `AlertCause`, so a new cause
 * cannot be raised without a name here.
 */
import type { LocalizedText } from '../shared/domain.js';
import type { SecurityCause } from './store/security-alerts.js';

export const ALERT_KINDS = {
  silent: { zh: '无心跳', en: 'No heartbeat' },
  out_of_service: { zh: '暂停服务', en: 'Out of service' },
  printer: { zh: '打印机', en: 'Printer' },
  supply: { zh: '耗材不足', en: 'Low supplies' },
  reader: { zh: '读卡器', en: 'Card reader' },
  screen: { zh: '屏幕', en: 'Screen' },
  clock: { zh: '时钟偏差', en: 'Clock off' },
  version: { zh: '软件版本落后', en: 'Software behind the fleet' },
  idle: { zh: '一个工作日无打印', en: 'Printed nothing for a working day' },
  template: { zh: '模板回退', en: 'Template fallback' },
  backlog: { zh: '报告积压', en: 'Report backlog' },
  pin_guessing: { zh: 'PIN 猜测', en: 'PIN guessing' },
  card_lookups: { zh: '刷卡查询过多', en: 'Too many card lookups' },
} as const satisfies Record<string, LocalizedText> & Record<SecurityCause, LocalizedText>;

export type AlertCause = keyof typeof ALERT_KINDS;
export const ALERT_CAUSES = Object.keys(ALERT_KINDS) as [AlertCause, ...AlertCause[]];
