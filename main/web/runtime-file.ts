/**
 * A running kiosk writes where its API listens (URL and per-launch token) to `<dataDir>/runtime.json`,
 * readable only by its user, so that local tools such as `estation simulate swipe` can reach it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeInfo {
  pid: number;
  url: string;
  token: string;
}

export const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntime(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(runtimeFile(dataDir), JSON.stringify(info), { mode: 0o600 });
}

export function readRuntime(dataDir: string): RuntimeInfo | null {
  try {
    return JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as RuntimeInfo;
  } catch {
    return null;
  }
}

export function removeRuntime(dataDir: string): void {
  rmSync(runtimeFile(dataDir), { force: true });
}
