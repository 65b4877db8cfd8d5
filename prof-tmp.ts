import { openTable, prepareFile } from './central/import/open-source.js';
import { loadMapping, BoundMapping } from './central/import/mapping.js';
import { CourseResult } from './shared/person-record.js';
const G = '/tmp/imp-scale/grades.csv';
let t = Date.now();
const f = await prepareFile(G, undefined);
console.log('scan', Date.now() - t); t = Date.now();
let n = 0;
let tab = await openTable(f);
for await (const r of tab.rows) n++;
console.log('csv parse', Date.now() - t, n); t = Date.now();
tab = await openTable(f);
const b = BoundMapping.bind(loadMapping('central/import/mappings/jwxt-grades.json', 'grades'), G, tab.header);
const vals = [];
for await (const r of tab.rows) { const v = b.apply(r).value; if (vals.length < 200000) vals.push(v); }
console.log('csv+map', Date.now() - t); t = Date.now();
for (const v of vals) CourseResult.safeParse(v);
console.log('zod 200k', Date.now() - t);
