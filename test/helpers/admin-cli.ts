/**
 * `estation ...` as an admin runs it against a central: a real process, with the admin token in the
 * environment (ESTATION_ADMIN_TOKEN), that does not block the test process (whose central must answer
 * meanwhile).
 */
import { execFile } from 'node:child_process';
import { BIN, ROOT } from './central-process.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A runner of `estation` with the admin token `token()` gives when it runs (tokens are enrolled in beforeAll). */
export function adminCli(token: () => string): (...args: string[]) => Promise<CliResult> {
  return (...args) =>
    new Promise((res) =>
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESTATION_ADMIN_TOKEN: token() } },
        (err, stdout, stderr) => res({ code: err ? Number(err.code) : 0, stdout, stderr }),
      ),
    );
}
