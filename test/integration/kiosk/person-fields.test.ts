/**
 * What central sends for a person is the shared Person schema, not a hand-kept copy of its fields:
 * every field of a person stored at central reaches the kiosk's card lookup, and the student's screen
 * shows exactly the fields of SessionPerson (a view of Person). `Required<Person>` below makes a new
 * Person field a compile error here until the test gives it a value, and the test then proves it travels.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { Person } from '../../../shared/domain.js';
import { PersonRecord } from '../../../shared/person-record.js';
import { SessionPerson } from '../../../shared/kiosk-api.js';
import { waitFor } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => kiosk?.close());

const everyField: Required<Person> = {
  id: '20260001',
  name: '字段齐全',
  nameLatin: 'Ziduan Qiquan',
  role: 'student',
  status: 'enrolled',
  // The student number is the record's id.
  studentNumber: '20260001',
  college: { zh: '计算机学院', en: 'School of Computing' },
  major: { zh: '软件工程', en: 'Software Engineering' },
  // Also maintenance staff: a staff entry with this person's id and card (below).
  maintenance: true,
};
/** The canonical record central stores for that person (shared/person-record.ts). */
const record = PersonRecord.parse({
  id: everyField.id,
  cards: ['99887766'],
  role: 'student',
  name: { zh: everyField.name, en: everyField.nameLatin },
  gender: 'female',
  status: everyField.status,
  college: everyField.college,
  major: everyField.major,
  entryDate: '2026-09-01',
});

describe('a person from central to the kiosk', () => {
  it('arrives with every field of the shared schema, and the screen shows the SessionPerson fields', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-person-'));
    kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
      { log: silentLogger(), renderInWorker: false },
    );
    const k = kiosk;
    const central = k.central!;
    expect(await central.store.upsertPeople([record])).toEqual([{ id: record.id, outcome: 'created' }]);
    await central.store.seed([
      { id: record.id, card: '99887766', name: record.name.zh, nameLatin: '', role: 'student', pin: '2468' },
    ]);

    // Central's store answers with exactly the schema's fields, each with its stored value.
    const found = await central.store.lookupCard('99887766');
    expect(Object.keys(found!.person).sort()).toEqual([...Person.keyof().options].sort());
    expect(found!.person).toEqual(everyField);

    // The kiosk signs the student in over HTTP; the screen gets the SessionPerson view of the same person.
    await k.core.start();
    findSimulatedReader(k.readers)!.swipe('99887766');
    await waitFor(() => k.core.getSession().state === 'active', 'the session');
    const session = k.core.getSession();
    expect(session.state === 'active' && session.person).toEqual(SessionPerson.parse(everyField));
    expect(session.state === 'active' && session.canMaintain).toBe(true);
    expect(Object.keys(SessionPerson.shape).every((key) => key in Person.shape)).toBe(true);
  }, 60_000);
});
