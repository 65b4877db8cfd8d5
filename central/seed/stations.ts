/**
 * An invented university's fleet of stations for the dashboard's benchmark and screenshots (issue #18):
 * `count` stations on eight campuses, each with the heartbeat it sends, most of them well and a
 * deterministic few not (never heard from, out of paper, toner low, a kiosk version behind the fleet, a
 * clock five minutes fast, reports waiting), so the table has every state and alert kind to show.
 */
import { centralRoutes, type TerminalHealth } from '../../shared/central-api.js';
import type { LocalizedText } from '../../shared/domain.js';

const CAMPUSES: readonly [string, string, LocalizedText][] = [
  ['ctr', '中心校区', { zh: '中心', en: 'Central' }],
  ['hjl', '洪家楼校区', { zh: '洪家楼', en: 'Hongjialou' }],
  ['btq', '趵突泉校区', { zh: '趵突泉', en: 'Baotuquan' }],
  ['qfs', '千佛山校区', { zh: '千佛山', en: 'Qianfoshan' }],
  ['swp', '软件园校区', { zh: '软件园', en: 'Software Park' }],
  ['xls', '兴隆山校区', { zh: '兴隆山', en: 'Xinglongshan' }],
  ['qd', '青岛校区', { zh: '青岛', en: 'Qingdao' }],
  ['wh', '威海校区', { zh: '威海', en: 'Weihai' }],
];
const BUILDINGS: readonly LocalizedText[] = [
  { zh: '图书馆', en: 'Library' },
  { zh: '行政楼', en: 'Admin hall' },
  { zh: '第一教学楼', en: 'Teaching bldg 1' },
  { zh: '第二教学楼', en: 'Teaching bldg 2' },
  { zh: '学生活动中心', en: 'Student center' },
  { zh: '研究生院', en: 'Graduate school' },
  { zh: '文史楼', en: 'Humanities' },
  { zh: '理科楼', en: 'Sciences' },
  { zh: '医学院', en: 'Medical school' },
  { zh: '外国语学院', en: 'Foreign languages' },
];

/** The version most stations run, and the one a few were left on. */
export const FLEET_VERSION = '1.4.0';
export const BEHIND_VERSION = '1.3.2';

export interface SimulatedStation {
  id: string;
  name: string;
  /** The heartbeat body it sends (HeartbeatRequest without `terminalTime`), or null: it never sent one. */
  heartbeat: {
    outOfService: boolean;
    backlog: number;
    backlogOldestS: number | null;
    health: TerminalHealth;
    software: { version: string };
    /** How far its clock is off, in ms (added to the time it sends). */
    clockOffsetMs: number;
  } | null;
}

function health(i: number, outOfPaper: boolean, tonerLow: boolean): TerminalHealth {
  return {
    printer: {
      state: outOfPaper ? 'stopped' : 'idle',
      acceptingJobs: !outOfPaper,
      conditions: outOfPaper
        ? [
            {
              keyword: 'media-empty',
              severity: 'error',
              message: { zh: '纸盒无纸，请补充 A4 纸', en: 'Out of paper: load A4 paper' },
            },
          ]
        : [],
      supplies: [
        { name: 'Tray 1 paper', percent: outOfPaper ? 0 : 30 + ((i * 37) % 70) },
        { name: 'Black toner', percent: tonerLow ? 6 : 20 + ((i * 53) % 80) },
      ],
    },
    readers: [{ id: 'hid-1', state: 'connected' }],
    reasons: outOfPaper ? [{ zh: '打印机缺纸', en: 'The printer is out of paper' }] : [],
    templates: [{ id: 'enrollment-zh', version: '1.4.2' }],
  };
}

export function simulatedFleet(count: number): SimulatedStation[] {
  return Array.from({ length: count }, (_, k): SimulatedStation => {
    const i = k + 1;
    const [code, campus] = CAMPUSES[k % CAMPUSES.length]!;
    const building = BUILDINGS[Math.floor(k / CAMPUSES.length) % BUILDINGS.length]!;
    const floor = Math.floor(k / (CAMPUSES.length * BUILDINGS.length)) + 1;
    const id = `${code}-${String(i).padStart(4, '0')}`;
    const name = `${campus} ${building.zh} ${floor}F ${building.en}`;
    if (i % 23 === 0) return { id, name, heartbeat: null };
    const outOfPaper = i % 31 === 0;
    return {
      id,
      name,
      heartbeat: {
        outOfService: outOfPaper,
        backlog: i % 11 === 0 ? 2 : 0,
        backlogOldestS: i % 11 === 0 ? 120 : null,
        health: health(i, outOfPaper, i % 17 === 0),
        software: { version: i % 13 === 0 ? BEHIND_VERSION : FLEET_VERSION },
        clockOffsetMs: i % 41 === 0 ? 300_000 : 0,
      },
    };
  });
}

/**
 * Each station that has a heartbeat sends it to the central at `url` with its token, as a station does
 * (`POST /v1/heartbeat`), a few at a time. Throws on the first one central refuses.
 */
export async function sendFleetHeartbeats(
  url: string,
  tokens: Readonly<Record<string, string>>,
  fleet: readonly SimulatedStation[],
): Promise<void> {
  const queue = fleet.filter((s) => s.heartbeat);
  const send = async (s: SimulatedStation) => {
    const { clockOffsetMs, ...body } = s.heartbeat!;
    const res = await fetch(`${url}${centralRoutes.heartbeat.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[s.id]}` },
      body: JSON.stringify({ terminalTime: new Date(Date.now() + clockOffsetMs).toISOString(), ...body }),
    });
    if (!res.ok) throw new Error(`central refused ${s.id}'s heartbeat: ${res.status} ${await res.text()}`);
  };
  for (let k = 0; k < queue.length; k += 8) await Promise.all(queue.slice(k, k + 8).map(send));
}
