/**
 * Printer benchmark: from IppPrinter.submit() to the job accepted by a local cupsd (the Print-Job
 * answer), including the printer check submit() makes first. Runs a private cupsd (test/helpers/cupsd.ts,
 * needs root and the cups packages) with a `file:` queue using the cups-pdf PPD, and submits one job at
 * a time, waiting for each to complete, as a kiosk does.
 *
 * Keys: printer.submit_p50_ms, printer.submit_p95_ms (target <= 150), printer.status_p95_ms,
 * printer.job_complete_p95_ms (submit to completed, including CUPS filtering to PostScript).
 */
import { IppPrinter } from '../../drivers/printer/ipp-printer.js';
import { testPagePdf } from '../../templates/engine/index.js';
import { startCupsd } from '../../test/helpers/cupsd.js';

const JOBS = 30;
const WARMUP = 3;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function run(): Promise<Record<string, number>> {
  const pdf = await testPagePdf('bench', new Date());

  const cups = await startCupsd();
  try {
    const queue = await cups.addQueue('bench');
    const printer = new IppPrinter({ uri: queue.uri, timeoutMs: 10_000 });
    const submit: number[] = [];
    const complete: number[] = [];
    const status: number[] = [];
    for (let i = 0; i < WARMUP + JOBS; i++) {
      const s0 = performance.now();
      await printer.status();
      const t0 = performance.now();
      const ref = await printer.submit(pdf, { copies: 1, jobName: `bench-${i}` });
      const t1 = performance.now();
      for (;;) {
        const st = await printer.jobState(ref);
        if (st.state === 'completed') break;
        if (st.state !== 'pending' && st.state !== 'processing')
          throw new Error(`benchmark job ${ref.id} ended ${st.state}: ${st.reasons.join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      const t2 = performance.now();
      if (i < WARMUP) continue;
      status.push(t0 - s0);
      submit.push(t1 - t0);
      complete.push(t2 - t0);
    }
    return {
      'printer.submit_p50_ms': round(percentile(submit, 50)),
      'printer.submit_p95_ms': round(percentile(submit, 95)),
      'printer.status_p95_ms': round(percentile(status, 95)),
      'printer.job_complete_p95_ms': round(percentile(complete, 95)),
      'printer.jobs': JOBS,
    };
  } finally {
    await cups.dispose();
  }
}
