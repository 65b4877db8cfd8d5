/**
 * A card was read: who is it, and what happens. In maintenance mode the card is a live read test;
 * otherwise central says who it is, and the card opens a student session, the staff PIN keypad, or a
 * notice saying why not. Central being unreachable is no reason to lock staff out: a staff card central
 * accepted recently still opens the keypad, its PIN then checked against the cached credentials.
 */
import type { CatalogItem } from '../../../shared/domain.js';
import type { ReadTest } from '../../../shared/kiosk-api.js';
import type { CardRead } from '../../../drivers/card-reader/types.js';
import { CentralRejectedError, CentralUnavailableError, type CentralApi } from '../central-client.js';
import type { Logger } from '../log.js';
import type { StaffDesk } from '../staff/staff-session.js';
import type { StaffCredentials } from '../staff/staff-credentials.js';
import type { CentralLink } from '../station/central-link.js';
import type { TemplateRegistry } from '../template-registry.js';
import type { SessionState } from './session-state.js';
import { StudentSession, type PreviewSources } from './student-session.js';

export interface CardTapOptions {
  central: CentralApi;
  link: CentralLink;
  sessions: SessionState;
  staff: StaffDesk;
  templates: TemplateRegistry;
  log: Logger;
  credentials?: StaffCredentials | undefined;
  preview: Omit<PreviewSources, 'central' | 'templates' | 'log' | 'centralOffline'>;
  /** Students are turned away while the station is out of service (staff are not). */
  outOfService: () => boolean;
  readTest: (test: ReadTest) => void;
}

/** Masks a card number for the live read test: enough to tell cards apart, not enough to copy one. */
export function maskCard(card: string): string {
  return card.length <= 4 ? '*'.repeat(card.length) : `${'*'.repeat(Math.min(6, card.length - 4))}${card.slice(-4)}`;
}

/** Only offers what this kiosk can render: languages without a template are dropped. */
export function renderableCatalog(catalog: CatalogItem[], templates: TemplateRegistry): CatalogItem[] {
  return catalog.map((item) => {
    const languages = item.languages.filter((l) => templates.get(item.kind, l));
    if (languages.length) return { ...item, languages };
    return { ...item, languages: item.languages, available: false, unavailableReason: 'template_missing' as const };
  });
}

export async function onCardTap(read: CardRead, o: CardTapOptions): Promise<void> {
  o.log.info('card read', { readerId: read.readerId });
  // In maintenance mode a card is a live read test, never a new session.
  const st = o.sessions.staff;
  if (st?.stage === 'maintenance') {
    st.lastActivity = Date.now();
    o.readTest({ readerId: read.readerId, cardMasked: maskCard(read.card), at: read.at.toISOString() });
    return;
  }
  const outOfService = o.outOfService();
  try {
    const found = await o.central.call('lookupCard', { card: read.card });
    o.link.set('online');
    // Staff may enter maintenance mode even (especially) when the station is out of service.
    if (found.person.role === 'staff') return o.staff.cardTapped(read.card);
    if (found.person.role !== 'student' && found.person.role !== 'teacher') return o.sessions.reject('not_a_student');
    if (outOfService) return o.sessions.reject('out_of_service');
    const student = new StudentSession(found.person, renderableCatalog(found.catalog, o.templates), {
      ...o.preview,
      central: o.central,
      templates: o.templates,
      log: o.log,
      centralOffline: () => o.link.set('offline'),
    });
    student.balance = found.balance;
    if (found.person.maintenance) student.maintenanceCard = read.card;
    o.sessions.startStudent(student);
    void student.warmPreviews(() => o.sessions.push());
  } catch (err) {
    if (err instanceof CentralRejectedError && err.status === 404) return o.sessions.reject('card_unknown');
    // Central paused this station's lookups (too many, too fast): central is there, the student is told why.
    if (err instanceof CentralUnavailableError && err.flags.status === 429)
      return o.sessions.reject('too_many_lookups', err.flags.retryAfterS ?? 60);
    if (err instanceof CentralUnavailableError) o.link.set('offline');
    o.log.warn('card lookup failed', { error: (err as Error).message });
    // A staff card central accepted recently may still open maintenance mode (PIN checked locally),
    // also when central refuses this station's token: that is exactly when staff must get in.
    const tokenRefused = err instanceof CentralRejectedError && err.status === 401;
    if ((err instanceof CentralUnavailableError || tokenRefused) && o.credentials?.knows(read.card))
      return o.staff.cardTapped(read.card, true);
    o.sessions.reject(tokenRefused ? 'out_of_service' : 'central_unreachable');
  }
}
