/**
 * Maintenance staff is a permission, not a role: a teacher who is also staff taps their own card, sees
 * their session first, and opens maintenance mode from it with their PIN. Nobody else can.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => kiosk?.close());

describe('a teacher who is also maintenance staff', () => {
  it('opens maintenance mode from their own session with their PIN; a student cannot', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-teacher-staff-'));
    kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
      { log: silentLogger(), renderInWorker: false },
    );
    const k = kiosk;
    await k.core.start();
    const reader = findSimulatedReader(k.readers)!;
    const people = k.central!.people;
    const teacher = people.find((p) => p.role === 'teacher' && p.pin)!;
    const otherTeacher = people.find((p) => p.role === 'teacher' && !p.pin)!;
    const student = people.find((p) => p.role === 'student')!;

    // A student's session offers no maintenance, and the core refuses it.
    reader.swipe(student.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the student session');
    expect(k.core.getSession()).not.toHaveProperty('canMaintain');
    expect(() => k.core.startMaintenance()).toThrow(expect.objectContaining({ code: 'not_in_maintenance' }));
    k.core.endSession();

    // A teacher who is not staff: a session, no maintenance.
    reader.swipe(otherTeacher.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the teacher session');
    const plain = k.core.getSession();
    expect(plain.state === 'active' && plain.person.role).toBe('teacher');
    expect(plain).not.toHaveProperty('canMaintain');
    k.core.endSession();

    // The teacher who is staff: their session, then the keypad, then maintenance mode.
    reader.swipe(teacher.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the staff teacher session');
    const own = k.core.getSession();
    expect(own.state === 'active' && [own.person.name, own.canMaintain]).toEqual([teacher.name, true]);
    expect(k.core.startMaintenance()).toEqual({ ok: true });
    expect(k.core.getSession().state).toBe('staff_pin');
    expect(await k.core.submitStaffPin({ pin: '000000' })).toMatchObject({ ok: false });
    expect(await k.core.submitStaffPin({ pin: teacher.pin! })).toMatchObject({ ok: true });
    const maintenance = k.core.getSession();
    expect(maintenance.state === 'maintenance' && maintenance.staffName).toBe(teacher.name);
    expect((await k.core.getMaintenance()).staffName).toBe(teacher.name);
  }, 60_000);
});
