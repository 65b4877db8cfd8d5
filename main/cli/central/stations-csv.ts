/**
 * The stations file of `estation central enroll --csv FILE` (issue #18): a header `id,name,site` (in any
 * order, nothing else), then one station a row. Every row is checked and every problem is listed with its
 * row number, so an admin fixes the whole file at once; nothing is enrolled while any problem remains.
 */
import { parse } from 'csv-parse/sync';
import { SITE_PATTERN } from '../../../central/domain/staff-scope.js';
import { STATION_ID_PATTERN, type StationToEnroll } from '../../../central/store/station-enrollment.js';

const COLUMNS = ['id', 'name', 'site'] as const;
/** More than any one university enrolls at once; a larger file is more likely a wrong file. */
export const MAX_STATIONS = 5000;
const MAX_NAME = 100;

export type StationsFile = { stations: StationToEnroll[]; problems: [] } | { stations: null; problems: string[] };

export function parseStationsCsv(text: string): StationsFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    return { stations: null, problems: [`the file is not readable as CSV: ${(err as Error).message}`] };
  }
  const header = records[0]?.record.map((h) => h.toLowerCase());
  if (!header)
    return { stations: null, problems: ['the file is empty: write a header "id,name,site" and a row per station'] };
  const missing = COLUMNS.filter((c) => !header.includes(c));
  const extra = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  if (missing.length || extra.length || header.length !== COLUMNS.length)
    return {
      stations: null,
      problems: [
        `row 1 (the header) is "${header.join(',')}": it must name the columns id, name and site, each once${missing.length ? ` (missing: ${missing.join(', ')})` : ''}${extra.length ? ` (not a column: ${extra.join(', ')})` : ''}`,
      ],
    };
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const rows = records.slice(1);
  if (rows.length === 0)
    return { stations: null, problems: ['the file has a header but no station: add a row per station'] };
  if (rows.length > MAX_STATIONS)
    return {
      stations: null,
      problems: [`the file lists ${rows.length} stations, more than ${MAX_STATIONS}: split it`],
    };
  const problems: string[] = [];
  const stations: StationToEnroll[] = [];
  const firstRow = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    const mine: string[] = [];
    if (record.length !== COLUMNS.length)
      mine.push(
        `it has ${record.length} fields, the header ${COLUMNS.length} (a name with a comma goes in "double quotes")`,
      );
    const id = record[at.id] ?? '';
    const name = record[at.name] ?? '';
    const site = record[at.site] ?? '';
    if (!STATION_ID_PATTERN.test(id)) mine.push(`id "${id}" is not a station id (1 to 64 letters, digits, "-" or "_")`);
    else if (firstRow.has(id)) mine.push(`id ${id} is also on row ${firstRow.get(id)}: each station once`);
    else firstRow.set(id, line);
    if (name.length === 0 || name.length > MAX_NAME) mine.push(`the name must be 1 to ${MAX_NAME} characters`);
    if (!SITE_PATTERN.test(site))
      mine.push(`site "${site}" is not a site: a path such as qianfoshan/library (lowercase letters, digits, - and _)`);
    if (mine.length) problems.push(...mine.map((m) => `row ${line}: ${m}`));
    else stations.push({ id, name, site });
  }
  return problems.length ? { stations: null, problems } : { stations, problems: [] };
}

/** One CSV field, quoted when it must be (RFC 4180). */
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The tokens file: the stations with their tokens, for whoever sets the stations up. */
export function tokensCsv(
  stations: readonly StationToEnroll[],
  tokens: readonly { id: string; token: string }[],
): string {
  const byId = new Map(tokens.map((t) => [t.id, t.token]));
  return ['id,name,site,token', ...stations.map((s) => [s.id, s.name, s.site, byId.get(s.id)!].map(field).join(','))]
    .join('\n')
    .concat('\n');
}
