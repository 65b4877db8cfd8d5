/**
 * Statements outside a transaction, gathered for one turn of the event loop and sent together on one
 * connection of the pool, in one write. A busy central handles many stations' requests in one turn,
 * and each of their statements (a card lookup's, a heartbeat's) cost a write to the server of its own,
 * and a pool checkout; the writes were a third of central's busy time before this (docs/performance.md,
 * step 8 under "Central's store"). The connection is pipelined: each statement still has its own
 * answer and its own implicit transaction, so one that fails fails alone. The price: statements of one
 * batch answer in order, so a slow one delays those sent in the same turn after it.
 */
import type pg from 'pg';
import { socketOf, withConnection } from './pg-connection.js';

interface Waiting {
  config: pg.QueryConfig;
  resolve: (result: pg.QueryResult) => void;
  reject: (err: unknown) => void;
}

/** Whether an error means the connection is gone (a statement's own error has a SQLSTATE). */
const connectionLost = (err: unknown): boolean => typeof (err as { code?: unknown }).code !== 'string';

export class TurnBatches {
  private gathering: Waiting[] | null = null;

  constructor(private readonly pool: pg.Pool) {}

  query(config: pg.QueryConfig): Promise<pg.QueryResult> {
    return new Promise((resolve, reject) => {
      if (!this.gathering) {
        this.gathering = [];
        // After the poll phase: every request that arrived in this turn has sent its statements.
        setImmediate(() => void this.send());
      }
      this.gathering.push({ config, resolve, reject });
    });
  }

  private async send(): Promise<void> {
    const batch = this.gathering ?? [];
    this.gathering = null;
    try {
      await withConnection(this.pool, async (client, broken) => {
        const socket = socketOf(client);
        socket?.cork?.();
        const answered = batch.map((w) =>
          client.query(w.config).then(w.resolve, (err: unknown) => {
            if (connectionLost(err)) broken();
            w.reject(err);
          }),
        );
        socket?.uncork?.();
        await Promise.all(answered);
      });
    } catch (err) {
      // No connection to be had: every statement of the batch fails with why.
      for (const w of batch) w.reject(err);
    }
  }
}
