// ESLint flat config. Besides the usual TypeScript and Vue rules it enforces the layering:
// folder names mark the runtime, and imports may only point "down" (see docs/architecture.md).
import js from '@eslint/js';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const up = (dirs) => ({
  regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`,
  message: 'This layer may not import from there (see docs/architecture.md, "Layers").',
});
const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'events',
  'stream',
  'url',
  'util',
  'worker_threads',
  'module',
];

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
      'test/**',
      'bin/**',
      '*.config.*',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer reaches the core only through the preload API (renderer/src/api).',
            },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'No Node in the renderer.' })),
          ],
          patterns: [
            up(['main', 'drivers', 'central', 'templates', 'kiosk-config']),
            { regex: '^node:', message: 'No Node in the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['drivers/**', 'templates/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Drivers and templates run in any Node host; they never import Electron.' },
          ],
          patterns: [up(['renderer', 'main', 'central'])],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ is runtime-neutral.' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is runtime-neutral.' })),
          ],
          patterns: [
            up(['renderer', 'main', 'drivers', 'central', 'templates', 'kiosk-config']),
            { regex: '^node:', message: 'shared/ is runtime-neutral.' },
          ],
        },
      ],
    },
  },
  {
    files: ['central/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The central server never runs in Electron.' }],
          patterns: [up(['renderer', 'main', 'drivers'])],
        },
      ],
    },
  },
  {
    // The kiosk core, the CLI and web mode run without Electron; only main/electron may import it.
    files: ['main/**'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only main/electron may import electron: the core also runs in web mode and in the CLI.',
            },
            { name: 'pdf-lib', message: 'pdf-lib stays behind templates/engine (renderCertificate, testPagePdf).' },
          ],
          patterns: [up(['renderer'])],
        },
      ],
    },
  },
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
