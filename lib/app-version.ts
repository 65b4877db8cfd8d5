/**
 * The E-station software version, package.json's `version`: a station sends it with its heartbeat so
 * that staff see which stations run what (issue #18). Read once; one source of truth, never copied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

let cached: string | undefined;

export function appVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
