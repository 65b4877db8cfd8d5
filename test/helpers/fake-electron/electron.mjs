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
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

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

export const session = { defaultSession: { setPermissionRequestHandler() {} } };

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
  async loadFile(path) {
    const preload = this.options.webPreferences?.preload;
    out(
      `WINDOW ${JSON.stringify({ page: path, pageExists: existsSync(path), preload, preloadExists: Boolean(preload && existsSync(preload)), webPreferences: this.options.webPreferences })}`,
    );
    // Play the page once the main process has registered its handlers (after loadFile resolves).
    setTimeout(() => void this.playPage(path), 0);
  }
  async playPage(path) {
    const event = { sender: this.webContents, senderFrame: { url: pathToFileURL(path).toString(), parent: null } };
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
