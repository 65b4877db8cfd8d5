// Builds the Electron app: main process and preload (Node side) and the renderer (web side) with
// Vite, each with its own settings. Web mode builds the same renderer with renderer/vite.config.ts.
import vue from '@vitejs/plugin-vue';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

// ESTATION_BUILD_OUT builds elsewhere (the bundle test builds into a scratch folder inside the repo,
// so that externalized dependencies still resolve from node_modules).
const OUT = process.env.ESTATION_BUILD_OUT ?? 'out';

export default defineConfig({
  main: {
    // The render worker is an entry of its own: the render pool starts out/main/render-worker.js.
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: `${OUT}/main`,
      rollupOptions: {
        input: { index: 'main/electron/main.ts', 'render-worker': 'templates/engine/render-worker.ts' },
      },
    },
  },
  preload: {
    // Sandboxed preloads must be CommonJS and self-contained.
    build: {
      outDir: `${OUT}/preload`,
      rollupOptions: {
        input: { index: 'main/electron/preload.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [vue()],
    build: { outDir: `${OUT}/renderer`, rollupOptions: { input: 'renderer/index.html' } },
  },
});
