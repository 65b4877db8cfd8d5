/**
 * The import-direction rules in eslint.config.js (docs/architecture.md, "Layers"), checked against code
 * written into each layer: for every layer, imports it may not make are reported, and imports it may
 * make are not. Relative paths are resolved, so each probe uses the depth a real file there would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });
const LAYER_RULES = ['layering/imports', 'no-restricted-imports'];

async function reported(file: string, code: string, rules = LAYER_RULES): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  // A probe that does not parse would pass every "may" case without checking anything.
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId !== null && rules.includes(m.ruleId)).map((m) => m.message);
}

const ELECTRON = "import { app } from 'electron';";
const PDF_LIB = "import { PDFDocument } from 'pdf-lib';";

/** For each layer, a file in it, the imports it may not make, and imports it may make. */
const LAYERS: { file: string; blocked: string[]; allowed: string[] }[] = [
  {
    file: 'shared/probe.ts',
    blocked: [
      "import { readdirSync, readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      ELECTRON,
      "import { envInt } from '../lib/env.js';",
      "import { KioskCore } from '../main/core/kiosk-core.js';",
      "import App from '../renderer/src/App.vue';",
    ],
    allowed: ["import { z } from 'zod';", "import { KIOSK_METHODS } from './kiosk-channels.js';"],
  },
  {
    file: 'lib/probe.ts',
    blocked: [
      ELECTRON,
      "import { loadConfig } from '../kiosk-config/load.js';",
      "import { createCardReader } from '../drivers/card-reader/index.js';",
      "import { renderCertificate } from '../templates/engine/index.js';",
      "import { createCentralApp } from '../central/app.js';",
      "import { openDatabase } from '../main/core/db.js';",
    ],
    allowed: ["import { createHash } from 'node:crypto';", "import { ErrorBody } from '../shared/central-api.js';"],
  },
  {
    file: 'kiosk-config/probe.ts',
    blocked: [
      ELECTRON,
      "import { createCardReader } from '../drivers/card-reader/index.js';",
      "import { BUILTIN_DIR } from '../templates/engine/index.js';",
      "import { createCentralApp } from '../central/app.js';",
      "import { openDatabase } from '../main/core/db.js';",
    ],
    allowed: ["import { envInt } from '../lib/env.js';", "import { KioskStatus } from '../shared/kiosk-api.js';"],
  },
  {
    file: 'drivers/printer/probe.ts',
    blocked: [
      ELECTRON,
      "import App from '../../renderer/src/App.vue';",
      "import { openDatabase } from '../../main/core/db.js';",
      "import { createCentralApp } from '../../central/app.js';",
      "import { testPagePdf } from '../../templates/engine/index.js';",
    ],
    allowed: [
      "import { readFile } from 'node:fs/promises';",
      "import type { KioskConfig } from '../../kiosk-config/schema.js';",
      "import { envInt } from '../../lib/env.js';",
      "import { PrinterState } from '../../shared/domain.js';",
    ],
  },
  {
    file: 'templates/engine/probe.ts',
    blocked: [
      ELECTRON,
      "import { KioskCore } from '../../main/core/kiosk-core.js';",
      "import { createCentralApp } from '../../central/app.js';",
      "import { createCardReader } from '../../drivers/card-reader/index.js';",
      "import { loadConfig } from '../../kiosk-config/load.js';",
    ],
    allowed: [
      "import type { SignedRelease } from '../../shared/central-api.js';",
      "import { keyIdOf } from '../../lib/verification.js';",
      "import { fontBytes } from './fonts.js';",
    ],
  },
  {
    // templates/ outside the engine (tools, built-in data) uses the engine like everyone else.
    file: 'templates/tools/probe.ts',
    blocked: ["import { fontBytes } from '../engine/fonts.js';"],
    allowed: ["import { BUILTIN_DIR } from '../engine/index.js';"],
  },
  {
    file: 'central/routes/probe.ts',
    blocked: [
      "import { BrowserWindow } from 'electron';",
      "import { renderCertificate } from '../../templates/engine/render.js';",
      "import { openDatabase } from '../../main/core/db.js';",
      "import { FilePrinter } from '../../drivers/printer/file-printer.js';",
      "import { loadConfig } from '../../kiosk-config/load.js';",
      "import App from '../../renderer/src/App.vue';",
    ],
    allowed: [
      "import { centralRoutes } from '../../shared/central-api.js';",
      "import { verifyPayload } from '../../lib/verification.js';",
      "import { SqliteCentralStore } from '../store/sqlite.js';",
      "import { renderCertificate } from '../../templates/engine/index.js';",
    ],
  },
  {
    file: 'central/domain/probe.ts',
    blocked: [
      "import Database from 'better-sqlite3';",
      "import { SqliteCentralStore } from '../store/sqlite.js';",
      "import { quotaUsed } from '../store/terms.js';",
      "import { createCentralApp } from '../app.js';",
      "import { renderCertificate } from '../../templates/engine/index.js';",
      ELECTRON,
    ],
    allowed: [
      "import { localDate } from '../../shared/local-date.js';",
      "import { canonicalJson } from '../../lib/canonical-json.js';",
      "import { statusOf } from './eligibility.js';",
    ],
  },
  {
    file: 'central/store/probe.ts',
    blocked: ["import { openDatabase } from '../../main/core/db.js';"],
    allowed: ["import { chargeFor } from '../domain/quota.js';", "import Database from 'better-sqlite3';"],
  },
  {
    // The reference campus-card service stands in for a vendor's system: it knows nothing of central or the kiosk.
    file: 'campus-card/probe.ts',
    blocked: [
      ELECTRON,
      "import { CampusCardProvider } from '../central/payments/campus-card-client.js';",
      "import { KioskCore } from '../main/core/kiosk-core.js';",
      "import { loadConfig } from '../kiosk-config/load.js';",
    ],
    allowed: [
      "import { HoldAnswer } from '../shared/campus-card-api.js';",
      "import { openSqlite } from '../lib/sqlite.js';",
    ],
  },
  {
    file: 'main/core/probe.ts',
    blocked: [
      ELECTRON,
      PDF_LIB,
      "import App from '../../renderer/src/App.vue';",
      "import { startWebHost } from '../web/server.js';",
      "import { registerKioskIpc } from '../electron/ipc.js';",
      "import { main } from '../cli/index.js';",
      "import { benchRender } from '../bench/render.js';",
      "import { startCentralServer } from '../../central/server.js';",
      "export const load = () => import('../../central/server.js');",
      "export type Central = typeof import('../../central/server.js');",
      "export { demoPeople } from '../../central/seed/demo.js';",
      "import type { SigningOptions } from '../../templates/engine/render.js';",
    ],
    allowed: [
      "import { renderCertificate } from '../../templates/engine/index.js';",
      "export const load = () => import('../../templates/engine/index.js');",
      "import { createCardReader } from '../../drivers/card-reader/index.js';",
      "import type { KioskConfig } from '../../kiosk-config/schema.js';",
      "import { envInt } from '../../lib/env.js';",
      "import { KioskStatus } from '../../shared/kiosk-api.js';",
      "import { openDatabase } from './db.js';",
      "import { readdirSync, readFileSync } from 'node:fs';",
    ],
  },
  {
    file: 'main/web/probe.ts',
    blocked: [
      "import { ipcMain } from 'electron';",
      "import { startCentralServer } from '../../central/server.js';",
      "import { main } from '../cli/index.js';",
      "import { registerKioskIpc } from '../electron/ipc.js';",
    ],
    allowed: ["import { dispatch } from '../core/dispatch.js';"],
  },
  {
    file: 'main/electron/probe.ts',
    blocked: [
      "import { startCentralServer } from '../../central/server.js';",
      "import { main } from '../cli/index.js';",
      PDF_LIB,
    ],
    allowed: [
      ELECTRON,
      "import { startWebHost } from '../web/server.js';",
      "import { dispatch } from '../core/dispatch.js';",
    ],
  },
  {
    file: 'main/cli/probe.ts',
    blocked: [
      ELECTRON,
      PDF_LIB,
      "import { kioskWindowOptions } from '../electron/window.js';",
      "import { fontBytes } from '../../templates/engine/fonts.js';",
    ],
    allowed: [
      "import { startCentralServer } from '../../central/server.js';",
      "import { createKiosk } from '../core/create-kiosk.js';",
      "export const bench = () => import('../bench/render.js');",
      "import { startWebHost } from '../web/server.js';",
      "import { startCampusCardServer } from '../../campus-card/server.js';",
    ],
  },
  {
    file: 'main/bench/probe.ts',
    blocked: [
      "import { createKioskStore } from '../../renderer/src/composables/useKiosk.js';",
      "import { kioskWindowOptions } from '../electron/window.js';",
      "import { fontBytes } from '../../templates/engine/fonts.js';",
    ],
    allowed: [
      "import { startCupsd } from '../../test/helpers/cupsd.js';",
      "import { SqliteCentralStore } from '../../central/store/sqlite.js';",
      "import { createHostedKiosk } from '../cli/hosted-kiosk.js';",
    ],
  },
  {
    file: 'renderer/src/components/journey/Probe.ts',
    blocked: [
      "import { openDatabase } from '../../../../main/core/db.js';",
      "import { FilePrinter } from '../../../../drivers/printer/file-printer.js';",
      "import { createCentralApp } from '../../../../central/app.js';",
      "import { BUILTIN_DIR } from '../../../../templates/engine/index.js';",
      "import { envInt } from '../../../../lib/env.js';",
      "import { loadConfig } from '../../../../kiosk-config/load.js';",
      "import { ipcRenderer } from 'electron';",
      "import { readdirSync, readFileSync } from 'node:fs';",
      "import { join } from 'path';",
    ],
    allowed: [
      "import type { KioskStatus } from '../../../../shared/kiosk-api';",
      "import { ref } from 'vue';",
      "import { kiosk } from '../../api/index.js';",
    ],
  },
];

/** The layers' folders, as the configuration hands them to the rule. */
async function configuredLayers(): Promise<string[]> {
  const config: { rules: Record<string, [unknown, { layers: { folder: string }[] }]> } =
    await eslint.calculateConfigForFile(resolve(ROOT, 'shared/probe.ts'));
  return config.rules['layering/imports']![1].layers.map((l) => l.folder);
}

// Each probe is the import plus an export, so that it is a module with nothing unused.
const probe = (line: string) => `${line}\nexport {};\n`;

describe('layering', () => {
  it.each(LAYERS.flatMap(({ file, blocked }) => blocked.map((line) => [file, line])))(
    '%s may not: %s',
    async (file, line) => {
      expect(await reported(file, probe(line))).toHaveLength(1);
    },
  );

  it.each(LAYERS.flatMap(({ file, allowed }) => allowed.map((line) => [file, line])))(
    '%s may: %s',
    async (file, line) => {
      expect(await reported(file, probe(line))).toEqual([]);
    },
  );

  it('checks the script of a Vue component too', async () => {
    const component = (line: string) => `<script setup lang="ts">\n${line}\n</script>\n<template><p /></template>\n`;
    const file = 'renderer/src/components/journey/Probe.vue';
    expect(await reported(file, component("import { openDatabase } from '../../../../main/core/db.js';"))).toHaveLength(
      1,
    );
    expect(await reported(file, component("import { useKiosk } from '../../composables/useKiosk';"))).toEqual([]);
  });

  it('says what to do: an engine internal names the index to import instead', async () => {
    const [message] = await reported(
      'main/core/probe.ts',
      probe("import { fontBytes } from '../../templates/engine/fonts.js';"),
    );
    expect(message).toContain('templates/engine/index.ts');
  });

  it('docs/architecture.md lists every layer the configuration knows', async () => {
    const folders = await configuredLayers();
    const layersSection = readFileSync(resolve(ROOT, 'docs/architecture.md'), 'utf8')
      .split('## Layers')[1]!
      .split('\n## ')[0]!;
    expect(folders.length).toBeGreaterThan(10);
    for (const folder of folders) expect(layersSection, folder).toContain(`\`${folder}/\``);
  });

  it('every folder of the runtime code is a layer (a new one must be added to LAYERS)', async () => {
    const folders = await configuredLayers();
    const sub = (dir: string) =>
      readdirSync(resolve(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `${dir}/${d.name}`);
    const runtime = [
      'shared',
      'lib',
      'kiosk-config',
      'drivers',
      'central',
      'campus-card',
      ...sub('main'),
      ...sub('templates'),
      'renderer/src',
    ];
    const inLayer = (dir: string) => folders.some((f) => dir === f || dir.startsWith(`${f}/`));
    expect(runtime.filter((dir) => !inLayer(dir))).toEqual([]);
  });

  it('bundled code may not declare a module-level require (it clashes in the electron-vite bundle)', async () => {
    const code =
      "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const x = require.resolve('pdf-lib');\n";
    expect(await reported('templates/engine/probe.ts', code, ['no-restricted-syntax'])).toHaveLength(1);
    expect(
      await reported('templates/engine/probe.ts', code.replaceAll('require', 'requireFromHere'), [
        'no-restricted-syntax',
      ]),
    ).toEqual([]);
  });
});
