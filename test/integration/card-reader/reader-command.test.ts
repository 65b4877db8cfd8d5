/** `estation reader test` and `estation reader list` as real child processes, with a socat pty as the reader. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRdm6300 } from '../../../drivers/card-reader/protocols/rdm6300.js';
import { createPtyPair, waitFor, type PtyPair } from '../../helpers/pty.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const children: ChildProcess[] = [];
const ptys: PtyPair[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const p of ptys.splice(0)) await p.close();
});

function estation(args: string[]) {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin', 'estation'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    exited,
    stderr: () => err,
    lines: () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('estation reader', () => {
  it('test prints a JSON line per status change and per normalized card, follows unplug and replug, and stops on SIGINT', async () => {
    const pty = await createPtyPair();
    ptys.push(pty);
    const normalize = JSON.stringify([
      { op: 'regex', pattern: '^[0-9A-F]{2}([0-9A-F]{8})$' },
      { op: 'hexToDec' },
      { op: 'padStart', width: 10 },
    ]);
    const run = estation([
      'reader',
      'test',
      '--type',
      'serial',
      '--path',
      pty.b,
      '--protocol',
      'rdm6300',
      '--baud',
      '9600',
      '--normalize',
      normalize,
    ]);
    await waitFor(
      () => run.lines().some((l) => l.state === 'connected'),
      `the connected line (stderr: ${run.stderr()})`,
      60_000,
    );
    pty.write(encodeRdm6300('0100BC614E'));
    await waitFor(() => run.lines().some((l) => l.event === 'card'), 'the card line');
    expect(run.lines().find((l) => l.event === 'card')).toMatchObject({
      card: '0012345678',
      raw: '0100BC614E',
      readerId: 'serial-test',
    });

    await pty.unplug();
    await waitFor(() => run.lines().some((l) => l.state === 'disconnected'), 'the disconnected line');
    await pty.replug();
    await waitFor(() => run.lines().filter((l) => l.state === 'connected').length === 2, 'the second connected line');
    pty.write(encodeRdm6300('0100BC614F'));
    await waitFor(() => run.lines().filter((l) => l.event === 'card').length === 2, 'a card after the replug');

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('test --count stops after that many cards', async () => {
    const pty = await createPtyPair();
    ptys.push(pty);
    const run = estation(['reader', 'test', '--type', 'serial', '--path', pty.b, '--count', '1']);
    await waitFor(() => run.lines().some((l) => l.state === 'connected'), 'the connected line', 60_000);
    pty.write('20230001\r\n');
    expect(await run.exited).toBe(0);
    expect(
      run
        .lines()
        .filter((l) => l.event === 'card')
        .map((l) => l.card),
    ).toEqual(['20230001']);
  });

  it('test refuses a bad reader description with a one-line usage error (exit 2)', async () => {
    const run = estation(['reader', 'test', '--type', 'serial', '--protocol', 'binary', '--path', '/dev/null']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/frame/);
    const bad = estation(['reader', 'test', '--type', 'usb']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/--type must be hid, serial or ccid/);
  });

  it('list prints one JSON line per candidate with a configuration to copy', async () => {
    const run = estation(['reader', 'list']);
    expect(await run.exited).toBe(0);
    for (const l of run.lines()) {
      expect(['hid', 'serial', 'ccid']).toContain(l.kind);
      expect(l.config).toMatchObject({ type: l.kind });
    }
  });
});
