/**
 * A private CUPS print server for tests and benchmarks: its own configuration, spool and state in a
 * fresh temporary folder, listening on 127.0.0.1 at a free port. It never touches the system's CUPS
 * (no /etc/cups, no port 631, no domain socket), so it runs beside a system cupsd or without one.
 *
 *   const cups = await startCupsd();
 *   const q = await cups.addQueue('office');            // the test backend: each job's output in q.outputPath
 *   const slow = await cups.addQueue('slow', { gate: true, states: ['media-empty-error'] });
 *   ... new IppPrinter({ uri: q.uri }) ...
 *   await cups.dispose();
 *
 * Queues use the `estation-test` backend installed into a private ServerBin: it writes each job to the
 * queue's output file (whole, replacing the previous job's), can report printer-state-reasons and marker
 * levels (STATE:/ATTR: lines, exactly as a real backend does), can wait for a gate file before finishing
 * (a job that stays "processing" as long as a test needs), and can fail (so the job is aborted). The
 * plain CUPS `file:` device is there only for tests of that device itself (`fileDevice`): its behaviour
 * changed in a CUPS security update (see QueueOptions.fileDevice).
 * Needs root (cupsd drops to user lp for filters) and the `cups` and `printer-driver-cups-pdf` packages.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOOPBACK, onFreePort, portOpen, stopOnExit, waitUntil, walkableTempBase } from './private-daemon.js';

const run = promisify(execFile);

export const CUPS_SERVER_BIN = '/usr/lib/cups';
export const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd';
export const CUPS_PDF_OPT_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

/** cups-pdf's folder for jobs of unknown users: AnonDirName in its global configuration, or its default. */
export function cupsPdfAnonymousDir(): string {
  try {
    const conf = readFileSync('/etc/cups/cups-pdf.conf', 'utf8');
    const m = /^\s*AnonDirName\s+(\S+)/m.exec(conf);
    if (m) return m[1]!;
  } catch {
    // no configuration file: cups-pdf uses its default
  }
  return '/var/spool/cups-pdf/ANONYMOUS';
}

/**
 * Files cups-pdf wrote for a job (it names them after the job title, then its own suffix); use a short job
 * name of letters, digits and "-" that no other job has.
 */
export function cupsPdfOutputs(jobName: string): string[] {
  const dir = cupsPdfAnonymousDir();
  try {
    return readdirSync(dir)
      .filter((f) => f.startsWith(jobName) && f.endsWith('.pdf'))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Why a private cupsd cannot run here, or null when it can. */
export function cupsdUnavailableReason(): string | null {
  if (!existsSync('/usr/sbin/cupsd') || !existsSync('/usr/sbin/lpadmin'))
    return 'cupsd/lpadmin not installed (apt-get install cups)';
  if (!existsSync(CUPS_PDF_PPD)) return `${CUPS_PDF_PPD} missing (apt-get install printer-driver-cups-pdf)`;
  if (process.getuid?.() !== 0) return 'the private cupsd harness needs root';
  return null;
}

export interface QueueOptions {
  /** Report these printer-state-reasons while printing, e.g. `media-empty-error`, `toner-low-warning`. */
  states?: string[];
  /** Report marker (supply) levels, e.g. `[{ name: 'Black', level: 5 }]`. */
  markers?: { name: string; level: number }[];
  /** Hold each job in "processing" until openGate() is called. */
  gate?: boolean;
  /** The backend fails every job; with `errorPolicy: 'abort-job'` CUPS aborts it. */
  fail?: boolean;
  errorPolicy?: 'abort-job' | 'retry-job' | 'stop-printer';
  /**
   * Use the plain CUPS `file:` device instead of the test backend (no states, gate or failure). Since
   * cups-daemon 2.4.2-3+deb12u10, cupsd opens a `file:` output with O_WRONLY|O_EXCL and no O_CREAT or
   * O_TRUNC: the file must exist, and a job overwrites the previous one in place without truncating it.
   * The harness creates the output (mode 0666) with the queue; call `resetOutput()` before each job
   * whose output a test reads. Older CUPS created and truncated it itself; both work this way.
   */
  fileDevice?: boolean;
  /**
   * Use the real cups-pdf backend (`cups-pdf:/`). It ignores this server's folders: it reads the global
   * /etc/cups/cups-pdf.conf and writes jobs of users unknown to the system into its ANONYMOUS folder
   * (see cupsPdfOutputs()). Submit as a user name that does not exist on the machine.
   */
  cupsPdf?: boolean;
}

export interface Queue {
  name: string;
  /** The IPP URI of the queue on the private server. */
  uri: string;
  /** Where the printed output of the latest job is written. */
  outputPath: string;
  /** Empties the output file (mode 0666), so the next job's output is read alone (needed for `fileDevice`). */
  resetOutput(): Promise<void>;
  /** Lets the job waiting in the backend finish (gate queues only). */
  openGate(): Promise<void>;
  closeGate(): Promise<void>;
}

export interface Cupsd {
  port: number;
  host: string;
  /** Base folder of this server (configuration, spool, logs, output). */
  dir: string;
  addQueue(name: string, options?: QueueOptions): Promise<Queue>;
  /** Runs a CUPS admin tool against this server, e.g. `admin('cupsdisable', '-r', 'jam', 'q')`. */
  admin(
    tool: 'lpadmin' | 'cupsdisable' | 'cupsenable' | 'cupsreject' | 'cupsaccept' | 'cancel' | 'lpstat',
    ...args: string[]
  ): Promise<string>;
  /** Stops the daemon (SIGTERM, then SIGKILL) and waits until the port is closed. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state (after stop()). */
  start(): Promise<void>;
  /** Stops it and, with `wipeState`, deletes its jobs and job history as a reinstalled server would have lost them. */
  restart(options?: { wipeState?: boolean }): Promise<void>;
  /** The server's error log, for test failure messages. */
  log(): Promise<string>;
  /** The last `count` error and warning lines of its log that say something (see describeCupsdTrouble). */
  troubleLines(count?: number): Promise<string[]>;
  dispose(): Promise<void>;
}

const BACKEND = `#!/bin/sh
# E-station test backend. Device URI: estation-test:/OUTPUT?states=A,B&markers=NAME:LEVEL,...&gate=FILE&fail=1
if [ $# -eq 0 ]; then echo 'direct estation-test "Unknown" "E-station test backend"'; exit 0; fi
rest="\${DEVICE_URI#estation-test:}"; out="\${rest%%\\?*}"; query=""
case "$rest" in *\\?*) query="\${rest#*\\?}";; esac
states=""; markers=""; gate=""; fail=""
for kv in $(echo "$query" | tr '&' ' '); do
  case "$kv" in states=*) states="\${kv#states=}";; markers=*) markers="\${kv#markers=}";; gate=*) gate="\${kv#gate=}";; fail=*) fail="\${kv#fail=}";; esac
done
for s in $(echo "$states" | tr ',' ' '); do echo "STATE: +$s" >&2; done
if [ -n "$markers" ]; then
  names=""; levels=""; types=""; colors=""
  for m in $(echo "$markers" | tr ',' ' '); do
    names="$names\${names:+,}\${m%%:*}"; levels="$levels\${levels:+,}\${m#*:}"; types="$types\${types:+,}toner"; colors="$colors\${colors:+,}#000000"
  done
  echo "ATTR: marker-colors=$colors marker-levels=$levels marker-names=$names marker-types=$types" >&2
fi
if [ -n "$fail" ]; then echo "ERROR: E-station test backend was told to fail" >&2; exit 1; fi
if [ $# -ge 6 ]; then cat "$6" > "$out.partial"; else cat > "$out.partial"; fi
# While it waits, the backend says its states again every second, as a real backend polling its printer
# does: cupsd may reset the printer's reasons as the job starts, after the first report.
n=0
if [ -n "$gate" ]; then while [ ! -e "$gate" ]; do
  sleep 0.05; n=$((n + 1))
  if [ $((n % 20)) -eq 0 ]; then for s in $(echo "$states" | tr ',' ' '); do echo "STATE: +$s" >&2; done; fi
done; fi
mv "$out.partial" "$out"
exit 0
`;

/** Servers started in this process and not yet disposed, for failure messages (describeCupsdTrouble). */
const live = new Set<Cupsd>();

/** Lines of every cupsd log that say nothing about a failure (its own start-up notices). */
const NOISE = /No (Job|Subscription)Private(Access|Values) defined/;

/**
 * The last error lines of every private cupsd this process runs, for a test's failure message: a job that
 * "times out" is often one cupsd stopped, and only its log says why (e.g. "Stopping job because the
 * scheduler could not open the output file."). Empty when there is nothing to say.
 */
export async function describeCupsdTrouble(count = 10): Promise<string> {
  const parts: string[] = [];
  for (const cups of live) {
    const lines = await cups.troubleLines(count);
    if (lines.length)
      parts.push(
        `private cupsd on port ${cups.port} (${cups.dir}/log/error_log), last error lines:\n  ${lines.join('\n  ')}`,
      );
  }
  return parts.join('\n');
}

export async function startCupsd(): Promise<Cupsd> {
  const why = cupsdUnavailableReason();
  if (why) throw new Error(`Cannot start a private cupsd: ${why}`);
  // CUPS also refuses outputs under /dev.
  const dir = await mkdtemp(join(walkableTempBase(['/dev/']), 'estation-cupsd-'));
  // cupsd runs filters and backends as user lp: it must be able to walk into the folders.
  await chmod(dir, 0o755);
  for (const d of ['spool/tmp', 'cache', 'state', 'log', 'ppd', 'gates'])
    await mkdir(join(dir, d), { recursive: true });
  await mkdir(join(dir, 'out'), { recursive: true, mode: 0o777 });
  await chmod(join(dir, 'out'), 0o777);
  await chmod(join(dir, 'gates'), 0o755);

  // A private ServerBin: the system's filters and backends plus the test backend.
  const bin = join(dir, 'serverbin');
  await mkdir(join(bin, 'backend'), { recursive: true });
  for (const entry of readdirSync(CUPS_SERVER_BIN))
    if (entry !== 'backend') await symlink(join(CUPS_SERVER_BIN, entry), join(bin, entry));
  for (const entry of readdirSync(join(CUPS_SERVER_BIN, 'backend')))
    await symlink(join(CUPS_SERVER_BIN, 'backend', entry), join(bin, 'backend', entry));
  await writeFile(join(bin, 'backend', 'estation-test'), BACKEND, { mode: 0o755 });

  let port = 0;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const host = LOOPBACK;

  const writeConfig = async () => {
    await writeFile(
      join(dir, 'cups-files.conf'),
      [
        `ServerRoot ${dir}`,
        `ServerBin ${bin}`,
        `RequestRoot ${dir}/spool`,
        `TempDir ${dir}/spool/tmp`,
        `CacheDir ${dir}/cache`,
        `StateDir ${dir}/state`,
        `AccessLog ${dir}/log/access_log`,
        `ErrorLog ${dir}/log/error_log`,
        `PageLog ${dir}/log/page_log`,
        'FileDevice Yes',
        'SystemGroup root',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'cupsd.conf'),
      [
        `Listen ${host}:${port}`,
        'LogLevel debug',
        'WebInterface No',
        'Browsing No',
        'DefaultAuthType None',
        'PreserveJobHistory Yes',
        '<Location />',
        '  Order allow,deny',
        '  Allow all',
        '</Location>',
        // Nobody but the test talks to this server; admin operations need no password.
        '<Policy default>',
        '  <Limit All>',
        '    Order deny,allow',
        '  </Limit>',
        '</Policy>',
        '',
      ].join('\n'),
    );
  };

  const launch = async () => {
    const proc = spawn('/usr/sbin/cupsd', ['-f', '-c', join(dir, 'cupsd.conf'), '-s', join(dir, 'cups-files.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    let dead = false;
    exited = new Promise((resolve) => proc.once('exit', () => ((dead = true), resolve())));
    child = proc;
    // Killed at exit if a test crashed before dispose().
    const forget = stopOnExit(() => proc.kill('SIGKILL'));
    proc.once('exit', () => forget());
    try {
      await waitUntil(
        `cupsd on ${host}:${port}`,
        async () => {
          if (dead) throw new Error(`cupsd exited at start: ${stderr.trim() || 'no message'}`);
          return portOpen(port);
        },
        30_000,
      );
    } catch (err) {
      proc.kill('SIGKILL');
      await exited;
      child = null;
      throw err;
    }
  };

  const stop = async () => {
    const proc = child;
    if (!proc) return;
    child = null;
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    await waitUntil('the cupsd port to close', async () => !(await portOpen(port)), 15_000);
  };

  await onFreePort(async (free) => {
    port = free;
    await writeConfig();
    await launch();
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });

  const server = `${host}:${port}`;
  const admin: Cupsd['admin'] = async (tool, ...args) => {
    const bin = tool === 'lpstat' || tool === 'cancel' ? `/usr/bin/${tool}` : `/usr/sbin/${tool}`;
    const { stdout } = await run(bin, ['-h', server, ...args], {
      timeout: 30_000,
      env: { ...process.env, CUPS_SERVERROOT: dir },
    });
    return stdout;
  };

  const log = () => readFile(join(dir, 'log', 'error_log'), 'utf8').catch(() => '');
  const cupsd: Cupsd = {
    port,
    host,
    dir,
    admin,
    async addQueue(name, o = {}) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error(`bad queue name ${name}`);
      const outputPath = join(dir, 'out', `${name}.out`);
      const gate = join(dir, 'gates', name);
      let device: string;
      if (o.cupsPdf) {
        device = 'cups-pdf:/';
      } else if (o.fileDevice) {
        device = `file://${outputPath}`;
      } else {
        const q = new URLSearchParams();
        if (o.states?.length) q.set('states', o.states.join(','));
        if (o.markers?.length) q.set('markers', o.markers.map((m) => `${m.name}:${m.level}`).join(','));
        if (o.gate) q.set('gate', gate);
        if (o.fail) q.set('fail', '1');
        const query = decodeURIComponent(q.toString());
        device = `estation-test:${outputPath}${query ? `?${query}` : ''}`;
      }
      const resetOutput = async () => {
        await writeFile(outputPath, '');
        await chmod(outputPath, 0o666); // cupsd writes a file: output as user lp
      };
      if (o.fileDevice) await resetOutput();
      await admin(
        'lpadmin',
        '-p',
        name,
        '-E',
        '-v',
        device,
        '-P',
        o.cupsPdf ? CUPS_PDF_OPT_PPD : CUPS_PDF_PPD,
        ...(o.errorPolicy ? ['-o', `printer-error-policy=${o.errorPolicy}`] : []),
      );
      return {
        name,
        uri: `ipp://${server}/printers/${name}`,
        outputPath,
        resetOutput,
        openGate: () => writeFile(gate, ''),
        closeGate: () => rm(gate, { force: true }),
      };
    },
    stop,
    start: launch,
    async restart({ wipeState = false } = {}) {
      await stop();
      if (wipeState) {
        // Job files (c*, d*) and the job cache: what a print server loses when it is reinstalled.
        for (const f of readdirSync(join(dir, 'spool')))
          if (/^[cd]\d/.test(f)) await rm(join(dir, 'spool', f), { force: true });
        await rm(join(dir, 'cache', 'job.cache'), { force: true });
      }
      await launch();
    },
    log,
    async troubleLines(count = 10) {
      const lines = (await log()).split('\n').filter((l) => /^[EW] /.test(l) && !NOISE.test(l));
      return lines.slice(-count);
    },
    async dispose() {
      live.delete(cupsd);
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  live.add(cupsd);
  return cupsd;
}
