/** Bilingual durations and relative times for alerts and the staff dashboard ("12 秒前 / 12 s ago"). */
import type { LocalizedText } from '../shared/domain.js';

/** 45 -> 45 秒 / 45 s; 600 -> 10 分钟 / 10 min; 7200 -> 2 小时 / 2 h; 172800 -> 2 天 / 2 d (whole units, rounded down). */
export function formatDuration(seconds: number): LocalizedText {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return { zh: `${s} 秒`, en: `${s} s` };
  if (s < 3600) return { zh: `${Math.floor(s / 60)} 分钟`, en: `${Math.floor(s / 60)} min` };
  if (s < 86_400) return { zh: `${Math.floor(s / 3600)} 小时`, en: `${Math.floor(s / 3600)} h` };
  return { zh: `${Math.floor(s / 86_400)} 天`, en: `${Math.floor(s / 86_400)} d` };
}

/** How long ago `iso` was, seen at `now`: { zh: '12 秒前', en: '12 s ago' }; null for a missing or unreadable time. */
export function timeAgo(iso: string | null, now: Date): LocalizedText | null {
  const at = iso === null ? NaN : Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const d = formatDuration((now.getTime() - at) / 1000);
  return { zh: `${d.zh}前`, en: `${d.en} ago` };
}
