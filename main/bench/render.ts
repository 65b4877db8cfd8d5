/**
 * Render benchmark: the two-page sample transcript, cold (first render of a fresh process, median of 5; font
 * loading included; and the first render in a fresh worker thread), warm (p50 of repeated renders with cached font faces and subsets), and
 * the naive way (pdf-lib embedding the full font with its own subsetting, no caches) side by side.
 */
import { execFileSync } from 'node:child_process';
import { extname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
// The naive baseline is pdf-lib used directly, on purpose: it is what the engine is measured against.
// eslint-disable-next-line no-restricted-imports
import { PDFDocument } from 'pdf-lib';
import {
  builtinTemplateDir,
  fontBytes,
  loadTemplateBundle,
  renderCertificate,
  RenderPool,
} from '../../templates/engine/index.js';

const COLD_RUNS = 5;

/** One cold render in a new Node process (render-cold.ts beside this file, compiled or from source). */
function coldRenderInFreshProcess(): { ms: number; cpuMs: number } {
  const child = join(import.meta.dirname, `render-cold${extname(import.meta.filename)}`);
  const out = execFileSync(process.execPath, [...process.execArgv, child], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as { ms: number; cpuMs: number };
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One page of the same text drawn the naive way: full fonts embedded per document, pdf-lib subsetting. */
async function naive(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const body = await doc.embedFont(fontBytes('serif-regular'), { subset: true });
  const bold = await doc.embedFont(fontBytes('serif-bold'), { subset: true });
  let page = doc.addPage([595.28, 841.89]);
  let y = 800;
  for (const [i, line] of lines.entries()) {
    if (y < 60) {
      page = doc.addPage([595.28, 841.89]);
      y = 800;
    }
    page.drawText(line, { x: 56, y, size: 9, font: i % 10 === 0 ? bold : body });
    y -= 13;
  }
  return doc.save();
}

export async function run(): Promise<Record<string, number>> {
  const template = loadTemplateBundle(builtinTemplateDir('transcript-zh'));
  const data = template.sample;

  // Cold: the first render of a process, font loading included. One sample swings by ±15% with what
  // else the machine does, so it is the median of COLD_RUNS fresh processes.
  const colds = Array.from({ length: COLD_RUNS }, coldRenderInFreshProcess);
  const coldMs = p50(colds.map((c) => c.ms));
  const coldCpuMs = p50(colds.map((c) => c.cpuMs));

  // A fresh worker thread from TypeScript source: adds thread start-up and tsx transpiling.
  const pool = new RenderPool();
  const t1 = performance.now();
  await pool.render(template, data);
  const poolColdMs = performance.now() - t1;
  await pool.close();

  // The kiosk's case: the pool warmed up at start, then the first student's transcript.
  const warmed = new RenderPool();
  await warmed.warmUp([template]);
  const t2 = performance.now();
  await warmed.render(template, data);
  const poolFirstMs = performance.now() - t2;
  await warmed.close();

  for (let i = 0; i < 3; i++) await renderCertificate(template, data);
  const warm: number[] = [];
  const warmCpu: number[] = [];
  let bytes = 0;
  let pages = 0;
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await renderCertificate(template, data);
    warm.push(performance.now() - t);
    const cpu = process.cpuUsage(c);
    warmCpu.push((cpu.user + cpu.system) / 1000);
    bytes = r.pdf.byteLength;
    pages = r.pages;
  }

  const courses = data.courses as { nameZh: string; typeZh: string; credits: number; score: number }[];
  const lines = [
    String((data.university as { name: string }).name),
    ...courses.map((c) => `${c.nameZh}  ${c.typeZh}  ${c.credits}  ${c.score}`),
  ];
  const naiveMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await naive(lines);
    naiveMs.push(performance.now() - t);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    'render.transcript_pages': pages,
    'render.transcript_warm_p50_ms': round(p50(warm)),
    // CPU time of this thread and its helpers: what the wall time is on an idle machine.
    'render.transcript_warm_p50_cpu_ms': round(p50(warmCpu)),
    'render.transcript_cold_ms': round(coldMs),
    'render.transcript_cold_cpu_ms': round(coldCpuMs),
    'render.pool_cold_ms': round(poolColdMs),
    'render.pool_first_after_warmup_ms': round(poolFirstMs),
    'render.transcript_bytes': bytes,
    'render.naive_p50_ms': round(p50(naiveMs)),
    'render.speedup': round(p50(naiveMs) / p50(warm)),
  };
}
