import { constants } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeDurableFs, writeFileDurable, type DurableFs } from '../durable-file.js';
import {
  PrinterError,
  type Printer,
  type PrinterJobRef,
  type PrinterJobState,
  type PrinterStatus,
  type SubmitOptions,
} from './types.js';

const SAFE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The demo printer: each job becomes `<dir>/<jobName>.pdf` (copies are recorded in the name as
 * `<jobName>.x2.pdf` when more than one). The file is written durably (`writeFileDurable`: a scratch
 * file, fsynced, renamed, the folder fsynced), so a crash or a power cut leaves either the whole
 * document or none, and a document once reported printed stays. A second submit with the same job name is
 * written next to the first (`-2`), so that duplicate prints stay visible instead of being hidden.
 */
export class FilePrinter implements Printer {
  constructor(
    readonly dir: string,
    readonly id = 'file',
    private readonly fs: DurableFs = nodeDurableFs,
  ) {}

  private fileBase(jobName: string, copies: number): string {
    return copies > 1 ? `${jobName}.x${copies}` : jobName;
  }

  async submit(pdf: Uint8Array, { copies, jobName }: SubmitOptions): Promise<PrinterJobRef> {
    if (!SAFE_NAME.test(jobName)) throw new PrinterError(`Job name "${jobName}" is not a safe file name.`, this.id);
    let name: string | undefined;
    try {
      await mkdir(this.dir, { recursive: true });
      const base = this.fileBase(jobName, copies);
      name = `${base}.pdf`;
      for (let n = 2; await exists(join(this.dir, name)); n++) name = `${base}-${n}.pdf`;
      writeFileDurable(join(this.dir, name), pdf, {}, this.fs);
      return { printer: this.id, id: name };
    } catch (err) {
      if (err instanceof PrinterError) throw err;
      // The document is in the folder (only syncing the folder failed): it "printed", whatever the error says.
      if (name !== undefined && (await exists(join(this.dir, name)))) {
        throw new PrinterError(
          `The print folder ${this.dir} could not be synced after writing ${name}: ${(err as Error).message}.`,
          this.id,
          { timeout: true },
        );
      }
      throw new PrinterError(
        `Cannot write to the print folder ${this.dir}: ${(err as Error).message}. Check that it exists and is writable.`,
        this.id,
        {
          disconnected: true,
        },
      );
    }
  }

  async jobState(ref: PrinterJobRef): Promise<PrinterJobState> {
    return (await exists(join(this.dir, ref.id)))
      ? { state: 'completed', reasons: ['job-completed-successfully'] }
      : { state: 'unknown', reasons: ['job-not-found'] };
  }

  async findJob(jobName: string): Promise<PrinterJobRef | null> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const hit = files.find((f) => f.startsWith(`${jobName}.`) && f.endsWith('.pdf') && !f.startsWith('.'));
    return hit ? { printer: this.id, id: hit } : null;
  }

  async status(): Promise<PrinterStatus> {
    try {
      await mkdir(this.dir, { recursive: true });
      await access(this.dir, constants.W_OK);
      return { state: 'idle', acceptingJobs: true, conditions: [], supplies: [] };
    } catch {
      return {
        state: 'stopped',
        acceptingJobs: false,
        conditions: [
          {
            keyword: 'offline',
            severity: 'error',
            message: { zh: '打印输出目录不可写', en: 'The print folder is not writable' },
          },
        ],
        supplies: [],
      };
    }
  }

  async close(): Promise<void> {}
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}
