/**
 * Attack (issue #12, finding 2): start a kiosk on a port something else already holds. Before, the
 * web host failed with EADDRINUSE while the core and the embedded central kept running with no UI,
 * and the process never exited, so no supervisor restarted it. Now it cleans up and exits non-zero
 * within a few seconds, saying which port and what to do.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
let holder: Server | undefined;
afterAll(() => holder?.close());

describe('a taken port', () => {
  it('does not leave a half-started kiosk: it exits non-zero and says why', async () => {
    holder = createServer();
    await new Promise<void>((res) => holder!.listen(0, '127.0.0.1', res));
    const port = (holder.address() as { port: number }).port;
    const base = mkdtempSync(join(tmpdir(), 'estation-taken-port-'));
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'estation'),
        'demo',
        '--web',
        '--no-open',
        '--port',
        String(port),
        '--data',
        join(base, 'data'),
        '--out',
        join(base, 'prints'),
      ],
      { cwd: ROOT, env: { ...process.env, ESTATION_ELECTRON: '/nonexistent' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const code = await new Promise<number | null>((res) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        res(null);
      }, 60_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        res(c);
      });
    });
    expect(code, out).toBe(1);
    expect(out).toContain(`port ${port} is already in use`);
    expect(out).toContain('--port');
    expect(out).not.toContain('is running in web mode');
    // No runtime file left behind for `estation simulate` to find a kiosk that is not there.
    expect(existsSync(join(base, 'data', 'runtime.json'))).toBe(false);
  }, 90_000);
});
