import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { readEnvOverrides } from './env.js';
import { KioskConfig } from './schema.js';

/** Environment variable that names the config file when `--config` is not given. */
export const CONFIG_ENV = 'ESTATION_CONFIG';

/** The configuration cannot be used. The message names each key, the value found and what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string | null,
    readonly problems: string[],
  ) {
    super(
      `Invalid kiosk configuration${file ? ` in ${file}` : ''}:\n  - ${problems.join('\n  - ')}\nFix these keys (see kiosk-config/examples/ for working files) and start again.`,
    );
  }
}

function keyPath(path: PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ) || '(root)'
  );
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Turns zod issues into one line per key: `key: found X, expected Y`. */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((k) => `${keyPath([...issue.path, k])}: unknown key (remove it or check its spelling)`)
        .join('\n  - ');
    }
    const found = show(valueAt(input, issue.path));
    return `${keyPath(issue.path)}: found ${found}, expected ${issue.message}`;
  });
}

/**
 * Validates a configuration object and fills in defaults; the ESTATION_* overrides set in `env`
 * (kiosk-config/env.ts) win over the object's `overrides`. Throws ConfigError.
 */
export function parseConfig(
  input: unknown,
  file: string | null = null,
  env: NodeJS.ProcessEnv = process.env,
): KioskConfig {
  const result = KioskConfig.safeParse(input);
  if (!result.success) throw new ConfigError(file, describeIssues(result.error, input));
  return { ...result.data, overrides: { ...result.data.overrides, ...readEnvOverrides(env) } };
}

export interface LoadedConfig {
  config: KioskConfig;
  /** The file it came from, or null for the built-in defaults. */
  file: string | null;
}

/** Reads the config from `--config`, else `$ESTATION_CONFIG`, else the built-in defaults. Relative paths in the file are resolved against its folder. */
export function loadConfig(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  read = readFileSync,
): LoadedConfig {
  const path = file ?? env[CONFIG_ENV];
  if (!path) return { config: parseConfig({}, null, env), file: null };
  let text: string;
  try {
    text = read(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
  const config = parseConfig(raw, path, env);
  return { config: resolvePaths(config, dirname(resolve(path))), file: path };
}

/** Makes the configuration's relative paths absolute against `base` (the config file's folder, or the working folder). */
export function resolvePaths(config: KioskConfig, base: string): KioskConfig {
  const printer =
    config.printer.type === 'file' ? { ...config.printer, dir: resolve(base, config.printer.dir) } : config.printer;
  const logo = config.branding.logo ? resolve(base, config.branding.logo) : undefined;
  const publishing = {
    ...config.publishing,
    publisherKeys: config.publishing.publisherKeys.map((k) => resolve(base, k)),
  };
  return {
    ...config,
    dataDir: resolve(base, config.dataDir),
    printer,
    branding: { ...config.branding, logo },
    publishing,
  };
}
