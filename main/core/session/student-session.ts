/**
 * One student or teacher at the station: who they are, what they may print, the jobs they asked for, and their
 * previews with the document data fetched for them. Memory only: ending the session drops all of it.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogItem, DocumentKind, Language, Person, Purpose } from '../../../shared/domain.js';
import type { PreviewView, SessionPerson } from '../../../shared/kiosk-api.js';
import type { CardBalance } from '../../../shared/central-api.js';
import { SessionPerson as SessionPersonSchema } from '../../../shared/kiosk-api.js';
import { CentralUnavailableError, type CentralApi } from '../central-client.js';
import { KioskApiError } from '../kiosk-api-error.js';
import type { Logger } from '../log.js';
import type { RenderFn } from '../print-runner.js';
import type { TemplateRegistry } from '../template-registry.js';
import { renderPreview } from './preview.js';

export interface PreviewSources {
  central: CentralApi;
  templates: TemplateRegistry;
  log: Logger;
  render?: RenderFn | undefined;
  /** Central did not answer: the station's status says so. */
  centralOffline: () => void;
}

/** A document in a language, with the id of the purpose picked (none: the general purpose). */
type DocumentRef = { kind: DocumentKind; language: Language; purpose?: string | undefined };

export class StudentSession {
  readonly id = randomUUID();
  readonly jobIds = new Set<string>();
  lastActivity = Date.now();
  /** Page count per `kind/language`, as previews are ready. */
  readonly pages: Record<string, number> = {};
  /** Document data fetched for previews, per kind/language. */
  private readonly data = new Map<string, Record<string, unknown>>();
  private readonly previews = new Map<string, Promise<PreviewView>>();
  private ended = false;
  /**
   * The card tapped, kept only when central says this person is also maintenance staff: their way to
   * the PIN keypad without tapping again (`startMaintenance`). Dropped with the session.
   */
  maintenanceCard: string | undefined;

  constructor(
    readonly person: Person,
    readonly catalog: CatalogItem[],
    private readonly sources: PreviewSources,
  ) {}

  /** What the student's screen shows of them: the fields of the shared SessionPerson schema. */
  shownPerson(): SessionPerson {
    return SessionPersonSchema.parse(this.person);
  }

  get isOver(): boolean {
    return this.ended;
  }

  /**
   * True when the catalog offers this document in this language (and, if given, this many copies and
   * this purpose among the item's purposes).
   */
  offers(item: DocumentRef & { copies?: number }): boolean {
    const entry = this.catalog.find((c) => c.kind === item.kind);
    return Boolean(
      entry &&
      entry.available &&
      entry.languages.includes(item.language) &&
      (item.copies === undefined || item.copies <= entry.maxCopies) &&
      (item.purpose === undefined || this.purposeOf(item) !== undefined),
    );
  }

  /**
   * The student's campus-card money as central gave it at the tap (issue #17), less what this session's
   * paid jobs committed since; undefined when nothing is charged or central did not say.
   */
  balance: CardBalance | undefined;
  /** Copies this session committed per kind (their free copies are gone) and what they cost. */
  private readonly committedCopies = new Map<string, number>();
  private committedCents = 0;

  /**
   * What `items` cost beyond the free copies left (the catalog's at the tap, less this session's
   * committed copies), in fen; with `commit`, counted as committed.
   */
  feeOf(items: readonly (DocumentRef & { copies: number })[], commit = false): number {
    const used = new Map(this.committedCopies);
    let fee = 0;
    for (const item of items) {
      const entry = this.catalog.find((c) => c.kind === item.kind);
      if (!entry) continue;
      const before = used.get(item.kind) ?? 0;
      const freeLeft = Math.max(0, (entry.freeRemaining ?? 0) - before);
      fee += Math.max(0, item.copies - freeLeft) * entry.feeCents;
      used.set(item.kind, before + item.copies);
    }
    if (commit) {
      for (const [k, v] of used) this.committedCopies.set(k, v);
      this.committedCents += fee;
    }
    return fee;
  }

  /**
   * Why `items` cannot be paid from the balance (a sentence for the log), or null: checked before the
   * student commits, so that a card without the money prints nothing rather than being refused at central.
   */
  shortOfMoney(items: readonly (DocumentRef & { copies: number })[]): string | null {
    const fee = this.feeOf(items);
    if (!this.balance || fee === 0) return null;
    const available = this.balance.availableCents - this.committedCents;
    return fee > available ? `these copies cost ${fee} fen and the campus card has ${available} fen available` : null;
  }

  /** Counts a committed request's copies and fee against what the tap showed. */
  commitFee(items: readonly (DocumentRef & { copies: number })[]): void {
    this.feeOf(items, true);
  }

  /** The purpose picked for `item`, in the words that print (undefined: none picked, or not offered). */
  purposeOf(item: DocumentRef): Purpose | undefined {
    if (item.purpose === undefined) return undefined;
    return this.catalog.find((c) => c.kind === item.kind)?.purposes?.find((p) => p.id === item.purpose);
  }

  /** Forgets the document data and previews (the session object itself is dropped by its owner). */
  end(): void {
    this.ended = true;
    this.maintenanceCard = undefined;
    this.data.clear();
    this.previews.clear();
  }

  /**
   * The document data the student's preview of this document showed (undefined: none opened yet): the
   * print hands it to the print runner, so the job prints, and central checks, what the student saw.
   */
  previewedData(doc: DocumentRef): Record<string, unknown> | undefined {
    return this.data.get(`${doc.kind}/${doc.language}`);
  }

  /** Forgets one document's data and previews: central said its records changed since (the next preview fetches them again). */
  forgetDocument(doc: DocumentRef): void {
    this.data.delete(`${doc.kind}/${doc.language}`);
    for (const key of [...this.previews.keys()])
      if (key.startsWith(`${doc.kind}/${doc.language}/`)) this.previews.delete(key);
  }

  /** The preview of one document, rendered once per session; a failed one is tried again next time. */
  preview(doc: DocumentRef): Promise<PreviewView> {
    const key = `${doc.kind}/${doc.language}/${doc.purpose ?? ''}`;
    let p = this.previews.get(key);
    if (!p) {
      p = this.renderPreview(doc);
      this.previews.set(key, p);
      p.catch(() => this.previews.delete(key));
    }
    return p;
  }

  /**
   * Prepares every preview the student may open, one after the other, right after the tap: the list
   * shows page counts as they arrive and opening a preview is then instant. Stops when the session ends.
   */
  async warmPreviews(onPages: () => void): Promise<void> {
    for (const item of this.catalog) {
      if (!item.available) continue;
      for (const language of item.languages) {
        if (this.ended) return;
        try {
          const preview = await this.preview({ kind: item.kind, language });
          if (this.ended) return;
          this.pages[`${item.kind}/${language}`] = preview.pages;
          onPages();
        } catch {
          // The student sees the error when opening this preview; nothing to show in the list.
        }
      }
    }
  }

  private async renderPreview(doc: DocumentRef): Promise<PreviewView> {
    const key = `${doc.kind}/${doc.language}`;
    const s = this.sources;
    let data = this.data.get(key);
    if (!data) {
      try {
        data = (
          await s.central.call('documentData', { personId: this.person.id, kind: doc.kind, language: doc.language })
        ).data;
      } catch (err) {
        if (err instanceof CentralUnavailableError) {
          s.centralOffline();
          throw new KioskApiError('central_unreachable', 'Central did not answer the document data request.');
        }
        throw new KioskApiError('preview_failed', (err as Error).message);
      }
      // The student may have signed out (or a new card come) while central answered.
      if (this.ended) throw new KioskApiError('no_session', 'The session ended.');
      this.data.set(key, data);
    }
    try {
      const entry = this.catalog.find((c) => c.kind === doc.kind);
      const preview = await renderPreview(
        s.templates,
        {
          kind: doc.kind,
          language: doc.language,
          purpose: this.purposeOf(doc),
          sensitive: entry?.sensitive,
          validityDays: entry?.validityDays,
        },
        data,
        { render: s.render },
      );
      if (!preview) throw new KioskApiError('item_unavailable', `No template for ${key}.`);
      return preview;
    } catch (err) {
      if (err instanceof KioskApiError) throw err;
      s.log.error('preview failed', { kind: doc.kind, language: doc.language, error: (err as Error).message });
      throw new KioskApiError('preview_failed', (err as Error).message);
    }
  }
}
