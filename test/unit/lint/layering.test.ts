/**
 * The import-direction rules in eslint.config.js, checked against code written into each layer:
 * the renderer never reaches Node, Electron or the core; drivers and templates never reach Electron
 * or the UI; shared/ stays runtime-neutral.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function restricted(file: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ["import { openDatabase } from '../../../main/core/db.js';"],
    ["import { FilePrinter } from '../../drivers/printer/file-printer.js';"],
    ["import { createCentralApp } from '../../central/app.js';"],
    ["import { ipcRenderer } from 'electron';"],
    ["import { readFileSync } from 'node:fs';"],
    ["import { join } from 'path';"],
  ])('renderer/src may not: %s', async (line) => {
    expect(await restricted('renderer/src/components/journey/Probe.ts', `${line}\nexport {};\n`)).toHaveLength(1);
  });

  it('renderer/src may import the shared contract', async () => {
    expect(
      await restricted(
        'renderer/src/api/probe.ts',
        "import type { KioskStatus } from '../../../shared/kiosk-api';\nexport type X = KioskStatus;\n",
      ),
    ).toEqual([]);
  });

  it.each([
    ['drivers/printer/probe.ts', "import { app } from 'electron';"],
    ['templates/engine/probe.ts', "import { app } from 'electron';"],
    ['drivers/printer/probe.ts', "import App from '../../renderer/src/App.vue';"],
    ['templates/engine/probe.ts', "import { KioskCore } from '../../main/core/kiosk-core.js';"],
    ['shared/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/probe.ts', "import { KioskCore } from '../main/core/kiosk-core.js';"],
    ['central/probe.ts', "import { BrowserWindow } from 'electron';"],
    ['main/core/probe.ts', "import { app } from 'electron';"],
    ['main/web/probe.ts', "import { ipcMain } from 'electron';"],
    ['main/core/probe.ts', "import App from '../../renderer/src/App.vue';"],
    ['main/core/probe.ts', "import { PDFDocument } from 'pdf-lib';"],
  ])('%s may not: %s', async (file, line) => {
    expect(await restricted(file, `${line}\nexport {};\n`)).toHaveLength(1);
  });

  it('main/electron may import electron', async () => {
    expect(await restricted('main/electron/probe.ts', "import { app } from 'electron';\nexport { app };\n")).toEqual(
      [],
    );
  });

  it('bundled code may not declare a module-level require (it clashes in the electron-vite bundle)', async () => {
    const code =
      "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const x = require.resolve('pdf-lib');\n";
    expect(await restricted('templates/engine/probe.ts', code, 'no-restricted-syntax')).toHaveLength(1);
    expect(
      await restricted(
        'templates/engine/probe.ts',
        code.replaceAll('require', 'requireFromHere'),
        'no-restricted-syntax',
      ),
    ).toEqual([]);
  });

  it('drivers may use Node and the configuration schema', async () => {
    expect(
      await restricted(
        'drivers/printer/probe.ts',
        "import { readFile } from 'node:fs/promises';\nimport type { KioskConfig } from '../../kiosk-config/schema.js';\nexport type X = KioskConfig;\nexport { readFile };\n",
      ),
    ).toEqual([]);
  });
});
