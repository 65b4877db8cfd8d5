import { afterAll, describe, expect, it } from 'vitest';
import {
  builtinTemplateDir,
  loadTemplateBundle,
  MissingGlyphsError,
  renderCertificate,
  RenderPool,
  RenderPoolClosedError,
  TemplateDataError,
} from '../../../templates/engine/index.js';
import { pdfPages, squash } from './pdf-tools.js';

describe('RenderPool', { timeout: 120_000 }, () => {
  const pool = new RenderPool({ size: 2 });
  afterAll(() => pool.close());
  const template = loadTemplateBundle(builtinTemplateDir('enrollment-zh'));
  const FIXED = { creationDate: new Date('2026-11-28T09:30:00Z') };

  it('renders on worker threads with the same result as in-process rendering', async () => {
    const [a, b] = await Promise.all([
      pool.render(template, template.sample, FIXED),
      renderCertificate(template, template.sample, FIXED),
    ]);
    expect(a.pdf).toBeInstanceOf(Uint8Array);
    expect(a.pages).toBe(b.pages);
    expect(a.digest).toBe(b.digest);
    expect(squash(pdfPages(a.pdf).join(''))).toBe(squash(pdfPages(b.pdf).join('')));
  });

  it('renders several documents at once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => pool.render(template, template.sample, FIXED)));
    expect(results.map((r) => r.pages)).toEqual([1, 1, 1]);
  });

  it('returns the engine error classes', async () => {
    const bad = await pool.render(template, {}, FIXED).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TemplateDataError);
    expect((bad as TemplateDataError).fields.length).toBeGreaterThan(3);
    const s = template.sample as { student: Record<string, unknown> };
    const missing = await pool
      .render(template, { ...template.sample, student: { ...s.student, name: '\uE000' } }, FIXED)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingGlyphsError);
  });

  it('warms up: loads the fonts before the first document', async () => {
    const p = new RenderPool();
    await expect(p.warmUp()).resolves.toBeUndefined();
    const r = await p.render(template, template.sample, FIXED);
    expect(r.pages).toBe(1);
    await p.close();
  });

  it('closing while a render runs rejects it as closed, not as a crashed worker', async () => {
    const p = new RenderPool();
    await p.warmUp(); // a running worker: close() terminates it, and it exits with code 1
    // The expectations are attached before close() rejects the renders (no unhandled rejection).
    const warming = expect(p.warmUp([template])).rejects.toBeInstanceOf(RenderPoolClosedError);
    const rendering = expect(p.render(template, template.sample, FIXED)).rejects.toBeInstanceOf(RenderPoolClosedError);
    await p.close();
    await warming;
    await rendering;
  });

  it('refuses work once closed', async () => {
    const p = new RenderPool();
    await p.close();
    await expect(p.render(template, template.sample)).rejects.toBeInstanceOf(RenderPoolClosedError);
  });
});
