/**
 * One central instance for `estation bench central`, in its own process (so that central has a core to
 * itself, as in a deployment, and the simulated stations do not share its event loop): it starts on
 * loopback with the options the parent passes as JSON in argv[2], and prints one JSON line with its URL
 * and the stations' tokens. The card-lookup limit is raised: 100 simulated stations tap cards many
 * times faster than people can, which the limit would rightly refuse.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCentralServer } from '../../central/server.js';

interface ChildOptions {
  dataDir: string;
  database?: string;
  /** Station ids to enroll (none for a second instance on the same database). */
  stations: string[];
  /** The generated campus's size (central/seed/campus.ts). */
  people: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const unlimited = { burst: 1_000_000, perMinute: 1_000_000 };
const central = await startCentralServer({
  dataDir: options.dataDir,
  ...(options.database ? { database: options.database } : {}),
  port: 0,
  seedDemo: true,
  campusPeople: options.people,
  lookupLimits: { lookup: unlimited, miss: unlimited },
  terminals: options.stations.map((id) => ({ id, name: id })),
});
process.stdout.write(`${JSON.stringify({ url: central.url, tokens: central.tokens })}\n`);
// The parent asks, around a measurement, for this process's CPU time (central's own cost of a session) and
// the longest its event loop was held up since the last ask (a stall of central, not of the network or
// the stations, shows there).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
process.on('message', () => {
  process.send?.({ cpu: process.cpuUsage(), loopDelayMaxMs: loopDelay.max / 1e6 });
  loopDelay.reset();
});
const stop = () => void central.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
