/**
 * Renders documents on worker threads, so that font loading and PDF building never block the
 * thread that serves the kiosk UI. Same inputs and outputs as renderCertificate; errors come back
 * as the same classes (TemplateDataError, MissingGlyphsError).
 *
 * Workers load the engine's TypeScript through tsx (render-worker-boot.mjs) when the pool itself
 * runs from source (as under `bin/estation` and Vitest), and the compiled JavaScript otherwise (the
 * Electron build has `render-worker.js` beside its main bundle, electron.vite.config.ts).
 */
import { Worker } from 'node:worker_threads';
import type { TemplateBundle } from './bundle.js';
import { MissingGlyphsError, TemplateDataError } from './errors.js';
import { templatesRoot } from './paths.js';
import type { RenderOptions, RenderResult } from './render.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

export interface RenderPoolOptions {
  /** Worker threads (default 1: a kiosk prints one document at a time; the point is to leave the UI thread free). */
  size?: number;
}

export class RenderPoolClosedError extends Error {
  override name = 'RenderPoolClosedError';
  constructor() {
    super('The render pool was closed; create a new RenderPool to render again.');
  }
}

interface Slot {
  worker: Worker;
  busy: number;
}

function spawn(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './render-worker.ts' : './render-worker.js', import.meta.url);
  // The worker reads fonts from the templates folder this thread found (a worker thread does not see
  // Electron's process.resourcesPath).
  const env = { ...process.env, ESTATION_TEMPLATES_ROOT: templatesRoot() };
  if (!fromSource) return new Worker(url, { env });
  return new Worker(new URL('./render-worker-boot.mjs', import.meta.url), { workerData: { entry: url.href }, env });
}

function revive(e: Extract<RenderReply, { ok: false }>['error']): Error {
  if (e.name === 'TemplateDataError' && e.fields) return new TemplateDataError(e.templateId ?? '', e.fields);
  if (e.name === 'MissingGlyphsError' && e.characters) return new MissingGlyphsError(e.characters);
  return Object.assign(new Error(e.message), { name: e.name });
}

export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: RenderResult | null) => void; reject: (e: Error) => void; slot: Slot }
  >();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: RenderPoolOptions = {}) {}

  private slot(): Slot {
    const size = Math.max(1, this.options.size ?? 1);
    if (this.slots.length < size && this.slots.every((s) => s.busy > 0)) {
      const worker = spawn();
      const slot: Slot = { worker, busy: 0 };
      worker.on('message', (reply: RenderReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        slot.busy--;
        if (reply.ok) p.resolve(reply.result && { ...reply.result, pdf: new Uint8Array(reply.result.pdf) });
        else p.reject(revive(reply.error));
      });
      worker.on('error', (err) => this.failSlot(slot, err));
      // After close() the exit is ours (terminate), and pending requests were already told so.
      worker.on(
        'exit',
        (code) =>
          code !== 0 && !this.closed && this.failSlot(slot, new Error(`render worker exited with code ${code}`)),
      );
      worker.unref();
      this.slots.push(slot);
    }
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private failSlot(slot: Slot, err: Error): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }

  private send(req: Omit<RenderRequest, 'id'>): Promise<RenderResult | null> {
    if (this.closed) return Promise.reject(new RenderPoolClosedError());
    const slot = this.slot();
    const id = this.nextId++;
    slot.busy++;
    if (this.pending.size === 0) for (const s of this.slots) s.worker.ref();
    return new Promise<RenderResult | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, ...req } satisfies RenderRequest);
    }).finally(() => {
      if (this.pending.size === 0) for (const s of this.slots) s.worker.unref();
    });
  }

  /** Renders on a worker; resolves with the same result as renderCertificate. */
  async render(
    template: TemplateBundle,
    data: Record<string, unknown>,
    options: RenderOptions = {},
  ): Promise<RenderResult> {
    return (await this.send({ template, data, options }))!;
  }

  /**
   * Starts a worker and loads the fonts (and renders the given templates' samples), so that the
   * first student's document does not wait for them. Call at kiosk start.
   */
  async warmUp(templates: TemplateBundle[] = []): Promise<void> {
    if (!templates.length) await this.send({ warmUp: true, template: null, data: {}, options: {} });
    for (const template of templates) await this.send({ warmUp: true, template, data: {}, options: {} });
  }

  /** Stops the workers; renders still in flight reject with RenderPoolClosedError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [, p] of this.pending) p.reject(new RenderPoolClosedError());
    this.pending.clear();
    const workers = this.slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
