/**
 * Runs `bin/estation ARGS` to its end, as an operator does, and gives back its exit code and what it
 * printed (several CLI tests still carry a copy of this; new ones use it).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, ROOT } from './central-process.js';

const run = promisify(execFile);

export async function runEstation(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}
