/**
 * Times on the staff screens, in the institution's timezone (MaintenanceView.timeZone) rather than the
 * kiosk machine's: a station whose operating system is set to UTC still shows 07:30 for a job asked for
 * at 07:30 in Beijing.
 */
import { useI18n } from 'vue-i18n';

export function useInstitutionTime(timeZone: () => string | undefined) {
  const { d } = useI18n();
  const format = (iso: string, key: 'time' | 'long') => {
    const tz = timeZone();
    return d(new Date(iso), tz ? { key, timeZone: tz } : { key });
  };
  return {
    /** 07:30:00 */
    time: (iso: string) => format(iso, 'time'),
    /** 2026年12月3日 07:30 */
    long: (iso: string) => format(iso, 'long'),
  };
}
