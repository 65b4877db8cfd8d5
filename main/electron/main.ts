/**
 * Electron main process: hosts the kiosk core and shows the UI in a locked-down kiosk window.
 * The configuration comes from $ESTATION_CONFIG (set by `estation kiosk` and `estation demo`, which
 * also start the built-in demo central server when the configuration asks for it).
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { loadConfig } from '../../kiosk-config/load.js';
import { hasSimulatedReader } from '../../kiosk-config/schema.js';
import { createKiosk, type Kiosk } from '../core/create-kiosk.js';
import { findSimulatedReader } from '../../drivers/card-reader/index.js';
import { createLogger } from '../core/log.js';
import { removeRuntime, writeRuntime } from '../web/runtime-file.js';
import { startWebHost, type RunningWebHost } from '../web/server.js';
import { registerKioskIpc } from './ipc.js';
import { kioskWindowOptions, lockDown } from './window.js';
import { APP_PAGE_URL, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { lockDownApp, lockDownSession } from './hardening.js';

const log = createLogger();
let kiosk: Kiosk | null = null;
let demoApi: RunningWebHost | null = null;

app.enableSandbox();
// Before the app is ready, as Electron requires: the page's scheme, and locks for every contents created.
registerAppScheme(protocol);
lockDownApp(app);
if (!app.requestSingleInstanceLock()) app.quit();

async function start(): Promise<void> {
  const { config } = loadConfig(undefined);
  const here = import.meta.dirname;
  // Templates are data beside the app (resources/templates in a package, templates/ in a checkout);
  // templates/engine/paths.ts finds them. Documents render on a worker thread (out/main/render-worker.js),
  // so IPC, readers and printer polling never wait for a PDF.
  // Central is a URL: `estation demo` and `estation kiosk` start the built-in demo central themselves
  // and pass its URL in the configuration; this app contains no central server.
  kiosk = await createKiosk(config, { log, demoFaults: hasSimulatedReader(config) });
  await kiosk.core.start();
  if (findSimulatedReader(kiosk.readers)) {
    // A station with the simulated reader (the demo) also serves its API on loopback with a per-launch
    // token, as web mode does, so that `estation simulate swipe` can tap cards. Real stations do not.
    demoApi = await startWebHost({ core: kiosk.core, rendererDir: join(here, '..', 'renderer') });
    writeRuntime(config.dataDir, { pid: process.pid, url: demoApi.url, token: demoApi.token });
    log.info('demo: kiosk API for estation simulate', { url: demoApi.url });
  }

  // The page comes from app://kiosk/ (app-protocol.ts), never file://.
  handleAppProtocol(protocol, net, join(here, '..', 'renderer'));
  lockDownSession(session.defaultSession);
  const pageUrl = APP_PAGE_URL;
  const win = new BrowserWindow(
    kioskWindowOptions(join(here, '..', 'preload', 'index.cjs'), process.env.ESTATION_WINDOWED !== '1'),
  );
  lockDown(win, pageUrl);
  const unregister = registerKioskIpc(ipcMain, kiosk.core, { contents: win.webContents, pageUrl });
  win.once('ready-to-show', () => win.show());
  // Remote actions (issue #18): a restart relaunches the app; a screenshot is the kiosk window's page
  // (the core refuses it while a person is signed in).
  kiosk.core.setHost({
    restart: () => {
      app.relaunch();
      app.exit(0);
    },
    screenshot: async () => (await win.webContents.capturePage()).toPNG(),
  });
  win.on('closed', unregister);
  // A crashed renderer is reloaded: the session lives in the core, so the student loses nothing.
  win.webContents.on('render-process-gone', () => void win.loadURL(pageUrl));
  await win.loadURL(pageUrl);
}

app.whenReady().then(start, (err: Error) => {
  log.error('kiosk failed to start', { error: err.message });
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  if (demoApi && kiosk) removeRuntime(kiosk.config.dataDir);
  void demoApi?.close();
  void kiosk?.close();
});
