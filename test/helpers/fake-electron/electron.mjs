/**
 * A fake `electron` for running the built main process (out/main/index.js) under Node: the classic
 * API surface main.ts uses, nothing more. When the kiosk window loads its page, the fake plays the
 * page: it calls the IPC handlers as the page would (the script comes from FAKE_ELECTRON_SCRIPT, a
 * JSON list of [method, params]), prints one `IPC <method> <json>` line per answer, then quits.
 *
 * FAKE_ELECTRON_PACKAGED=1 makes `app.isPackaged` true and (register.mjs) `process.resourcesPath`
 * FAKE_ELECTRON_RESOURCES, as in an installed app.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packaged = process.env.FAKE_ELECTRON_PACKAGED === '1'; // register.mjs set process.resourcesPath
const out = (line) => process.stdout.write(`${line}\n`);

const appEvents = new EventEmitter();
export const app = {
  isPackaged: packaged,
  enableSandbox() {},
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  on: (event, fn) => appEvents.on(event, fn),
  quit() {
    appEvents.emit('before-quit');
    // Give the core a moment to close its database and servers, as Electron would.
    setTimeout(() => process.exit(0), 500);
  },
  exit(code) {
    out(`EXIT ${code}`);
    process.exit(code);
  },
};

const handlers = new Map();
export const ipcMain = {
  handle: (channel, fn) => handlers.set(channel, fn),
  removeHandler: (channel) => handlers.delete(channel),
};

export const session = {
  defaultSession: Object.assign(new EventEmitter(), {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
  }),
};

// The app:// scheme as main.ts registers it: loadURL goes through its handler, and net.fetch reads the file.
const schemes = new Map();
export const protocol = {
  registerSchemesAsPrivileged() {},
  handle: (scheme, fn) => schemes.set(scheme, fn),
};
/** The file a page load ended in (net.fetch of a file:// URL), for the WINDOW line. */
let lastFetched = null;
export const net = {
  async fetch(url) {
    lastFetched = fileURLToPath(url);
    return new Response(existsSync(lastFetched) ? readFileSync(lastFetched) : null, {
      status: existsSync(lastFetched) ? 200 : 404,
    });
  },
};

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler() {},
      setVisualZoomLevelLimits: async () => {},
      send() {},
      isDestroyed: () => false,
    });
  }
  setMenu() {}
  show() {}
  async loadURL(url) {
    const preload = this.options.webPreferences?.preload;
    const handler = schemes.get(new URL(url).protocol.slice(0, -1));
    const response = handler ? await handler(new Request(url)) : null;
    out(
      `WINDOW ${JSON.stringify({ url, page: lastFetched, pageExists: response?.status === 200, preload, preloadExists: Boolean(preload && existsSync(preload)), webPreferences: this.options.webPreferences })}`,
    );
    // Play the page once the main process has registered its handlers (after loadURL resolves).
    setTimeout(() => void this.playPage(url), 0);
  }
  async playPage(url) {
    const event = { sender: this.webContents, senderFrame: { url, parent: null } };
    const script = JSON.parse(process.env.FAKE_ELECTRON_SCRIPT ?? '[]');
    for (const [method, params, until] of script) {
      for (let tries = 0; ; tries++) {
        const answer = await handlers.get(`estation:${method}`)?.(event, params);
        // [method, params, { path, equals }]: repeat until answer.result[path] equals the value (the core is async).
        const done = !until || answer?.result?.[until.path] === until.equals || tries > 1200;
        if (done) {
          out(`IPC ${method} ${JSON.stringify(answer ?? null)}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    app.quit();
  }
}
