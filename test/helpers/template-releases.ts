/**
 * Template releases for publishing tests: a built-in bundle copied as another release, and what central
 * offers a terminal (the route a station asks).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningCentral } from '../../central/server.js';
import { centralRoutes, ListTemplatesResponse } from '../../shared/central-api.js';
import { builtinTemplateDir } from '../../templates/engine/index.js';

/** A copy of built-in bundle `from` in folder `out`, its manifest changed by `manifest` (id, version, kind). */
export function bundleCopy(from: string, out: string, manifest: Record<string, unknown>): string {
  cpSync(builtinTemplateDir(from), out, { recursive: true });
  const own = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...own, ...manifest }));
  return out;
}

/** The releases and rollbacks central offers `terminal`, as the station reads them. */
export async function offeredTo(central: RunningCentral, terminal: string) {
  const res = await fetch(`${central.url}${centralRoutes.listTemplates.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens[terminal]}` },
    body: '{}',
  });
  return ListTemplatesResponse.parse(await res.json());
}
