/**
 * What an `estation` command is. Its help (name, summary, usage) is declared once, in its descriptor
 * (main/cli/descriptors/<name>.ts), a module with no imports, so that `estation --help` and
 * `estation NAME --help` load nothing else; the implementation is imported only when the command runs.
 */

/** A command's implementation: takes its own argv, returns the exit code. */
export type RunCommand = (argv: string[]) => Promise<number>;

export interface CommandDescriptor {
  /** The word after `estation`. */
  readonly name: string;
  /** One line, shown in `estation --help` and at the top of `estation NAME --help`. */
  readonly summary: string;
  /** The usage text of `estation NAME --help` (and of the command's own usage errors). */
  readonly usage: string;
  /** Imports the implementation module (heavy: servers, PDF, devices) when the command runs. */
  readonly load: () => Promise<{ run: RunCommand }>;
}

/** Continuation lines of a usage text line up under the first command after "Usage: ". */
export const usageLines = (...lines: string[]) => lines.join('\n       ');
