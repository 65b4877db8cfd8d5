// ESLint flat config. Besides the usual TypeScript and Vue rules it enforces the layering: folder names
// mark the runtime, and imports may only point "down". LAYERS below is the one table of who may import
// whom; docs/architecture.md ("Layers") explains it and test/unit/lint/layering.test.ts proves each rule bites.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import layering from './lint/import-layers.js';

const ROOT = import.meta.dirname;
/** What every Node-side layer of the kiosk may use below itself. */
const KIOSK_BELOW_CORE = ['shared', 'lib', 'kiosk-config', 'drivers', 'templates/engine'];

const ELECTRON =
  'Only main/electron may import electron: everything else also runs without it (web mode, the CLI, central, tests).';
const PDF_LIB = 'pdf-lib stays behind templates/engine (renderCertificate, testPagePdf).';
const NO_NODE = 'This code also runs in a browser: no Node built-ins.';

/**
 * Every layer: its folder, the layers (or single modules) it may import besides itself, the one module
 * others must import it through (`entry`), and the packages it may not import, with why. No layer but
 * main/electron (`electron: true`) may import electron; `node: false` marks code that also runs in a browser.
 * A file belongs to the layer with the longest folder that holds it; folders in no layer (test/, bin/,
 * configuration files) are not restricted.
 * @type {{ folder: string, mayImport: string[], entry?: string, packages?: Record<string, string>, electron?: true, node?: false }[]}
 */
const LAYERS = [
  { folder: 'shared', mayImport: [], node: false },
  { folder: 'lib', mayImport: ['shared'] },
  { folder: 'kiosk-config', mayImport: ['shared', 'lib'] },
  { folder: 'drivers', mayImport: ['shared', 'lib', 'kiosk-config'] },
  {
    folder: 'templates/engine',
    mayImport: ['shared', 'lib'],
    entry: 'templates/engine/index',
  },
  // The rest of templates/: the built-in templates (data) and the tool that generates them.
  { folder: 'templates', mayImport: ['shared', 'lib', 'templates/engine'] },
  // central renders a template release as a dry run before it stores it (central/releases/publish-checks.ts).
  { folder: 'central', mayImport: ['shared', 'lib', 'templates/engine', 'central/domain'] },
  // central's business rules (quotas, eligibility, reprints, lockout, serials, lookup limits) as pure
  // functions of values: both stores (SQLite today, PostgreSQL in issue #16) call them, so they never
  // read or write storage themselves.
  {
    folder: 'central/domain',
    mayImport: ['shared', 'lib'],
    packages: {
      'better-sqlite3': 'central/domain decides from values; reading and writing belong to central/store.',
      pg: 'central/domain decides from values; reading and writing belong to central/store.',
    },
  },
  // The reference campus-card service (`estation campus-card serve`): a stand-in for a university's card
  // vendor, so it knows nothing of central or the kiosk; the wire contract is shared/campus-card-api.ts.
  { folder: 'campus-card', mayImport: ['shared', 'lib'] },
  { folder: 'main/core', mayImport: KIOSK_BELOW_CORE, packages: { 'pdf-lib': PDF_LIB } },
  {
    folder: 'main/web',
    mayImport: ['main/core', ...KIOSK_BELOW_CORE],
    packages: { 'pdf-lib': PDF_LIB },
  },
  {
    folder: 'main/electron',
    mayImport: ['main/core', 'main/web', ...KIOSK_BELOW_CORE],
    packages: { 'pdf-lib': PDF_LIB },
    electron: true,
  },
  {
    folder: 'main/cli',
    mayImport: ['main/core', 'main/web', 'main/bench', 'central', 'campus-card', ...KIOSK_BELOW_CORE],
    packages: { 'pdf-lib': PDF_LIB },
  },
  {
    // `estation bench`; the printer benchmark starts the test suite's private cupsd, the UI benchmark the
    // demo's hosted kiosk (main/cli/hosted-kiosk.ts), as `estation demo` does.
    folder: 'main/bench',
    mayImport: ['main/core', 'main/web', 'main/cli', 'central', ...KIOSK_BELOW_CORE, 'test/helpers'],
    packages: { 'pdf-lib': PDF_LIB },
  },
  {
    folder: 'renderer/src',
    mayImport: ['shared'],
    packages: {
      electron: 'The renderer reaches the core only through renderer/src/api (the preload or the WebSocket).',
    },
    node: false,
  },
];

/** The no-restricted-imports options for one layer's packages. */
const restrictedPackages = (layer) => ({
  paths: [
    ...Object.entries({ ...(layer.electron ? {} : { electron: ELECTRON }), ...layer.packages }).map(
      ([name, message]) => ({ name, message }),
    ),
    ...(layer.node === false ? builtinModules.map((name) => ({ name, message: NO_NODE })) : []),
  ],
  patterns: layer.node === false ? [{ regex: '^node:', message: NO_NODE }] : [],
});

/** One config block per layer (a file's rule options come from the last block that matches it, so nested
 * layers' folders are taken out of their parent's block). */
const layerBlocks = LAYERS.map((layer) => ({
  files: [`${layer.folder}/**`],
  ignores: LAYERS.filter((l) => l !== layer && l.folder.startsWith(`${layer.folder}/`)).map((l) => `${l.folder}/**`),
  plugins: { layering },
  rules: {
    'layering/imports': ['error', { root: ROOT, layers: LAYERS }],
    'no-restricted-imports': ['error', restrictedPackages(layer)],
  },
}));

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'test-results/', 'playwright-report/', '.data/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: [
      'main/**',
      'drivers/**',
      'templates/**',
      'kiosk-config/**',
      'central/**',
      'lib/**',
      'lint/**',
      'test/**',
      'bin/**',
      'scripts/**',
      '*.config.*',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...layerBlocks,
  {
    // electron-vite bundles the main process into one ES module that declares its own `require`.
    files: ['main/**', 'drivers/**', 'templates/**', 'kiosk-config/**', 'central/**', 'shared/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Program > VariableDeclaration > VariableDeclarator[id.name='require']",
          message:
            'A module-level `require` clashes with the one electron-vite declares in the bundled main process: call it e.g. `requireFromHere`.',
        },
      ],
    },
  },
  // Formatting is Prettier's job (npm run lint runs prettier --check): no stylistic rule may disagree with it.
  prettier,
);
