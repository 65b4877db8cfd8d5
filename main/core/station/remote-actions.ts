/**
 * Remote actions at the station (issue #18): staff ask at central, the heartbeat answer carries the
 * action (main/core/station/central-link.ts), this runs it and answers `POST /v1/actions/result`.
 *
 * Exactly once per action id: before running, the id is written to `remote_actions` as `running`; the
 * answer is written there too before it is sent. Central carries an action again until it has the answer,
 * so a repeat finds the id: `finished` sends the kept answer again, `running` in this process is still
 * going (nothing to do). A `running` row left by an earlier process was interrupted by a restart: a
 * restart action is then done (the restart is what it asked for), any other is answered failed and NOT
 * run again (the person asking can look at the station and ask again).
 *
 * A screenshot is refused while a person is signed in (a student, or staff in maintenance): the screen
 * shows their name and documents.
 */
import {
  LOG_LINE_MAX,
  SCREENSHOT_BASE64_MAX,
  checkActionParams,
  type ActionResultRequest,
  type DeliveredAction,
  type StationActionName,
} from '../../../shared/station-actions.js';
import type { CentralApi } from '../central-client.js';
import type { Db } from '../db.js';
import type { JobRow, JobStore } from '../job-store.js';
import type { Logger } from '../log.js';
import { AttentionResolutionError, reprintAttention, resolveAttention } from '../queue/attention.js';

/** What the host (Electron, web mode) can do for remote actions; what it cannot is answered `unsupported`. */
export interface StationHost {
  /** Restarts the kiosk app (Electron: app.relaunch; web mode: the CLI process restarts the core). */
  restart?: () => void | Promise<void>;
  /** The screen as PNG bytes. */
  screenshot?: () => Promise<Buffer>;
}

export interface RemoteActionsOptions {
  db: Db;
  jobs: JobStore;
  central: CentralApi;
  log: Logger;
  host: () => StationHost;
  /** Someone is signed in at the station (a student, or staff in maintenance mode). */
  personPresent: () => boolean;
  /** Looks for templates and settings at central now; resolves with what to say, or throws. */
  sync: () => Promise<string>;
  /** Out of service by staff (null: back in service); kept across restarts. */
  setOutOfService: (by: { staff: string; reason: string } | null) => void;
  onJob: (job: JobRow) => void;
  kick: () => void;
  flush: () => Promise<unknown>;
}

type Answer = Omit<ActionResultRequest, 'id'>;

/** The kiosk database's table of actions (migration 12 in main/core/db.ts). */
interface Row {
  id: string;
  action: string;
  state: 'running' | 'finished';
  answer: string | null;
}

export class RemoteActions {
  private readonly inFlight = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: RemoteActionsOptions) {}

  private row(id: string): Row | undefined {
    return this.o.db.prepare('SELECT id, action, state, answer FROM remote_actions WHERE id = ?').get(id) as
      Row | undefined;
  }

  private finish(id: string, answer: Answer): void {
    this.o.db
      .prepare("UPDATE remote_actions SET state = 'finished', answer = ?, finished_at = ? WHERE id = ?")
      .run(JSON.stringify(answer), new Date().toISOString(), id);
  }

  /**
   * At start, before any heartbeat: actions an earlier process (or core) began and never finished. A restart action is done now;
   * any other was interrupted and is answered failed, never run again. Their answers go with the next delivery.
   */
  recoverInterrupted(): void {
    const rows = this.o.db.prepare("SELECT id, action FROM remote_actions WHERE state = 'running'").all() as Row[];
    for (const r of rows)
      this.finish(
        r.id,
        r.action === 'restart'
          ? {
              state: 'done',
              outcome: `The kiosk app restarted; it is running again since ${new Date().toISOString()}.`,
            }
          : {
              state: 'failed',
              outcome:
                'The station restarted while running this action, so it may or may not have taken effect; it was not run again. Look at the station and ask again if needed.',
            },
      );
  }

  /** Actions from a heartbeat answer, run one after another (the next heartbeat does not wait for them). */
  receive(actions: DeliveredAction[]): Promise<void> {
    this.queue = this.queue.then(async () => {
      for (const a of actions) await this.one(a);
    });
    return this.queue;
  }

  private async one(a: DeliveredAction): Promise<void> {
    if (this.inFlight.has(a.id)) return;
    const kept = this.row(a.id);
    if (kept?.state === 'finished' && kept.answer) return this.send(a.id, JSON.parse(kept.answer) as Answer);
    // Running and not in flight: a restart this process asked the host for is under way (rows an earlier
    // process left running were answered at start, recoverInterrupted).
    if (kept) return;
    this.inFlight.add(a.id);
    try {
      this.o.db
        .prepare("INSERT INTO remote_actions (id, action, state, received_at) VALUES (?, ?, 'running', ?)")
        .run(a.id, a.action, new Date().toISOString());
      this.o.log.info('remote action', { id: a.id, action: a.action, by: a.by, reason: a.reason });
      const answer = await this.run(a).catch((err: Error): Answer => ({
        state: 'failed',
        outcome: `It failed: ${err.message}`.slice(0, 500),
      }));
      // A restart that went ahead leaves the row running: the next process answers for it.
      if (answer === null) return;
      this.finish(a.id, answer);
      await this.send(a.id, answer);
    } finally {
      this.inFlight.delete(a.id);
    }
  }

  private async send(id: string, answer: Answer): Promise<void> {
    try {
      await this.o.central.call('reportActionResult', { id, ...answer });
    } catch (err) {
      // Central carries the action again with a later heartbeat; the kept answer goes then.
      this.o.log.warn('remote action answer not delivered; sent again with a later heartbeat', {
        id,
        error: (err as Error).message,
      });
    }
  }

  /** Runs one action; null when the host is restarting the app (the answer comes from the next process). */
  private async run(a: DeliveredAction): Promise<Answer | null> {
    // Central's word is checked here too: an action this station cannot read is answered, never guessed at.
    const checked = checkActionParams(a.action, a.params);
    if (!checked.ok) return { state: 'failed', outcome: `The station could not read this action: ${checked.message}.` };
    const by = { staff: a.by, reason: a.reason };
    const handlers: Record<StationActionName, () => Promise<Answer | null>> = {
      out_of_service: async () => {
        this.o.setOutOfService(by);
        return { state: 'done', outcome: 'The station is out of service: students see that it is paused.' };
      },
      back_in_service: async () => {
        this.o.setOutOfService(null);
        return {
          state: 'done',
          outcome: 'Staff no longer hold the station out of service (it serves again if nothing else stops it).',
        };
      },
      restart: async () => {
        const restart = this.o.host().restart;
        if (!restart) return unsupported('this kiosk host cannot restart the kiosk app');
        // After this action's row is written: the host stops this core, so nothing here waits for it.
        setImmediate(
          () =>
            void Promise.resolve(restart()).catch((err: Error) =>
              this.o.log.error('restart failed', { error: err.message }),
            ),
        );
        return null;
      },
      sync: async () => ({ state: 'done', outcome: await this.o.sync() }),
      logs: async () => {
        const all = this.o.log.recent();
        // Central refuses an answer with a longer line: one huge line would make the answer fail for ever.
        const lines = all
          .slice(-Number(a.params.lines))
          .map((l) => (l.length > LOG_LINE_MAX ? `${l.slice(0, LOG_LINE_MAX - 1)}…` : l));
        return {
          state: 'done',
          outcome: `${lines.length} log lines (the station keeps its last ${all.length} in memory).`,
          logLines: lines,
        };
      },
      resolve_job: async () => this.resolveJob(a),
      screenshot: async () => {
        if (this.o.personPresent())
          return {
            state: 'refused',
            outcome:
              'A person is signed in at the station: no screenshot is taken while someone uses it (privacy). Ask again when it is free.',
          };
        const capture = this.o.host().screenshot;
        if (!capture) return unsupported('this kiosk host cannot take a screenshot of its screen');
        const png = await capture();
        const base64 = png.toString('base64');
        if (base64.length > SCREENSHOT_BASE64_MAX)
          return {
            state: 'failed',
            outcome: `The screenshot is too large to send (${png.length} bytes of PNG; at most about 3 MB).`,
          };
        return {
          state: 'done',
          outcome: `Screenshot taken (${png.length} bytes).`,
          screenshotPng: base64,
        };
      },
    };
    return handlers[a.action]();
  }

  private resolveJob(a: DeliveredAction): Answer {
    const jobId = String(a.params.jobId);
    const reason = `${a.reason} (remote action ${a.id})`;
    try {
      if (a.params.decision === 'reprint') {
        // The grant central issued for the staff member who asked: central checks it like a PIN-checked one.
        const next = reprintAttention(this.o.jobs, jobId, a.by, reason, a.staffGrant);
        this.o.onJob(this.o.jobs.get(jobId));
        this.o.kick();
        void this.o.flush();
        return { state: 'done', outcome: `Job ${jobId} is cancelled and printed again as job ${next.id}.` };
      }
      this.o.onJob(resolveAttention(this.o.jobs, jobId, 'cancelled', a.by, reason));
      void this.o.flush();
      return { state: 'done', outcome: `Job ${jobId} is cancelled; central is told, so its quota is given back.` };
    } catch (err) {
      if (!(err instanceof AttentionResolutionError)) throw err;
      return { state: 'failed', outcome: err.message };
    }
  }
}

const unsupported = (what: string): Answer => ({ state: 'failed', outcome: `unsupported: ${what}.` });
