/** Taking a connection from node-postgres's pool, and the socket under it. */
import type { Duplex } from 'node:stream';
import type pg from 'pg';

/** The socket to the server of a node-postgres client, if this version lets us see it. */
export function socketOf(client: pg.PoolClient): Partial<Pick<Duplex, 'cork' | 'uncork'>> | undefined {
  return (client as { connection?: { stream?: Partial<Pick<Duplex, 'cork' | 'uncork'>> } }).connection?.stream;
}

/**
 * Runs `use` on a connection of the pool and gives it back: to the pool if it is still good, else it is
 * closed (lost while in use, or `use` reported it broken). A connection the server drops while it is
 * out of the pool emits an 'error' that nobody listens to, which would end the process: it is listened
 * to here, and its statements fail with the error.
 */
export async function withConnection<T>(
  pool: pg.Pool,
  use: (client: pg.PoolClient, broken: () => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost = false;
  const onError = () => {
    lost = true;
  };
  client.on('error', onError);
  try {
    return await use(client, onError);
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}
