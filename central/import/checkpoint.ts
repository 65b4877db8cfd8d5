/**
 * Resumption after a kill. After each batch the sink has committed, the import writes how far it got
 * into a checkpoint file in the data folder, named by the SHA-256 of what it imports (the files, the
 * mappings, the options that change the result). A re-run of the same import skips the rows already
 * committed; a changed file has another key, so it never resumes from a stale point. The file is
 * progress bookkeeping, not data: the import removes it when it completes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});
export type SinkCounts = z.infer<typeof Counts>;

const Problem = z.object({
  file: z.string(),
  row: z.number().optional(),
  column: z.string().optional(),
  field: z.string().optional(),
  id: z.string().optional(),
  message: z.string(),
});

export const Checkpoint = z.object({
  key: z.string(),
  /** Every record of the people file up to this row has been committed. */
  rowsDone: z.number().int().min(0),
  /** What the sink answered for those rows. */
  counts: Counts,
  /** Records the sink refused (a card another person holds...), as reported when it did: the first ones. */
  sinkProblems: z.array(Problem),
  /** How many more the sink refused (the checkpoint, rewritten after every batch, stays small). */
  sinkProblemsMore: z.number().int().min(0).default(0),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The key of an import: its inputs' hashes and the options that change what it writes. */
export function checkpointKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export class CheckpointFile {
  private readonly dir: string;
  private readonly file: string;

  constructor(
    dataDir: string,
    readonly key: string,
  ) {
    this.dir = join(dataDir, 'import-checkpoints');
    this.file = join(this.dir, `${key}.json`);
  }

  /** The checkpoint of an interrupted run of this same import, if any. */
  read(): Checkpoint | undefined {
    try {
      const c = Checkpoint.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      return c.key === this.key ? c : undefined;
    } catch {
      return undefined; // none, or unreadable: starting over gives the same result (upserts are idempotent)
    }
  }

  /** Replaces the checkpoint in one step, so a kill never leaves half of it. */
  write(c: Omit<Checkpoint, 'key'>): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key: this.key, ...c }));
    renameSync(tmp, this.file);
  }

  done(): void {
    rmSync(this.file, { force: true });
  }
}
