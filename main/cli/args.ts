import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with strict checking; wrong flags and missing values become a one-line UsageError.
 * Node's message runs over several lines, and its last one may be the fix (a value that starts
 * with "-" has to be written `--flag=-VALUE`), so the lines are joined rather than cut.
 */
export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, ...options },
      strict: true,
      allowPositionals,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n').join(' '));
  }
}

export function intOption(value: string | undefined, name: string, min = 0, max = 65535): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} needs a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** `--port N` as an options fragment: absent when not given, so the host's default applies. */
export function portOption(port: string | undefined): { port?: number } {
  const p = intOption(port, 'port');
  return p === undefined ? {} : { port: p };
}

/** Prints lines to standard output, one per line. */
export const printLines = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
