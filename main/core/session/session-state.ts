/**
 * Who is at the station: nobody, a student (StudentSession), a staff member (waiting for the PIN or in
 * maintenance mode), or a card that was just turned away. At most one of them at a time; every change
 * is pushed to the UI as a SessionView.
 */
import { randomUUID } from 'node:crypto';
import type { SessionRejection, SessionView } from '../../../shared/kiosk-api.js';
import type { StudentSession } from './student-session.js';

/**
 * A staff card was tapped: waiting for the PIN, or in maintenance mode. The card number never leaves
 * the core. `offline`: central could not be reached, so the PIN is checked against the cached credentials.
 */
export type StaffSession = { id: string; card: string; lastActivity: number; offline: boolean } & (
  | { stage: 'pin' }
  // `grant`: central's short-lived staff grant from the PIN check (none when the PIN was checked offline).
  | { stage: 'maintenance'; staffName: string; grant?: { token: string; expiresAt: string } }
);

type Rejected = { reason: SessionRejection; id: string; retryInS?: number };

export interface SessionStateOptions {
  /** PIN attempts left, shown on the keypad. */
  attemptsLeft: () => number;
  /** A student session ended (its jobs may still be printing). */
  onStudentEnded: (s: StudentSession) => void;
  /** The station is free again: between two people. */
  onFree: () => void;
  push: (view: SessionView) => void;
}

export class SessionState {
  private studentNow: StudentSession | null = null;
  private staffNow: StaffSession | null = null;
  private rejected: Rejected | null = null;

  constructor(private readonly o: SessionStateOptions) {}

  get student(): StudentSession | null {
    return this.studentNow;
  }

  get staff(): StaffSession | null {
    return this.staffNow;
  }

  /** Nobody is signed in (a turned-away card leaves the station free). */
  get free(): boolean {
    return !this.studentNow && !this.staffNow;
  }

  view(): SessionView {
    const s = this.studentNow;
    if (s) {
      return {
        state: 'active',
        sessionId: s.id,
        person: s.shownPerson(),
        catalog: s.catalog,
        pages: { ...s.pages },
        ...(s.balance ? { balance: s.balance } : {}),
        ...(s.maintenanceCard ? { canMaintain: true } : {}),
      };
    }
    const st = this.staffNow;
    if (st?.stage === 'pin') return { state: 'staff_pin', sessionId: st.id, attemptsLeft: this.o.attemptsLeft() };
    if (st?.stage === 'maintenance') return { state: 'maintenance', sessionId: st.id, staffName: st.staffName };
    if (this.rejected) {
      const { reason, id, retryInS } = this.rejected;
      return { state: 'rejected', reason, sessionId: id, ...(retryInS !== undefined ? { retryInS } : {}) };
    }
    return { state: 'idle' };
  }

  push(): void {
    this.o.push(this.view());
  }

  startStudent(s: StudentSession): void {
    this.clear();
    this.studentNow = s;
    this.push();
  }

  startStaff(card: string, offline: boolean): void {
    this.clear();
    this.staffNow = { id: randomUUID(), card, stage: 'pin', lastActivity: Date.now(), offline };
    this.push();
  }

  /** The PIN was right: the same staff session goes on in maintenance mode. */
  enterMaintenance(
    st: StaffSession,
    staffName: string,
    offline: boolean,
    grant?: { token: string; expiresAt: string },
  ): void {
    this.staffNow = {
      id: st.id,
      card: st.card,
      stage: 'maintenance',
      staffName,
      lastActivity: Date.now(),
      offline,
      ...(grant ? { grant } : {}),
    };
    this.push();
  }

  reject(reason: SessionRejection, retryInS?: number): void {
    this.clear();
    this.rejected = { reason, id: randomUUID(), ...(retryInS !== undefined ? { retryInS } : {}) };
    this.push();
  }

  /** Ends whatever session there is and tells the UI. */
  end(): void {
    this.clear();
    this.push();
  }

  touch(now = Date.now()): void {
    if (this.studentNow) this.studentNow.lastActivity = now;
    if (this.staffNow) this.staffNow.lastActivity = now;
  }

  /** When the student or staff member last did something, or undefined when nobody is signed in. */
  lastActivity(): number | undefined {
    return this.studentNow?.lastActivity ?? this.staffNow?.lastActivity;
  }

  private clear(): void {
    if (this.studentNow) {
      this.studentNow.end();
      this.o.onStudentEnded(this.studentNow);
    }
    // Dropping the objects drops the person, catalog, document data, job list and any staff card from the core's memory.
    this.studentNow = null;
    this.staffNow = null;
    this.rejected = null;
    this.o.onFree();
  }
}
