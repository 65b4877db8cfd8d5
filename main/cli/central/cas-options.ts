/**
 * `--cas-url URL [--cas-version 2|3] [--cas-allow-insecure] [--public-url URL]`: dashboard sign-in through
 * the university's single sign-on (central/routes/cas.ts), as `estation central` takes it.
 */
import { CasConfigError, casServiceUrl, parseCasConfig, type CasConfig } from '../../../central/staff/cas-config.js';
import { UsageError } from '../args.js';

export const CAS_OPTIONS = {
  'cas-url': { type: 'string' },
  'cas-version': { type: 'string' },
  'cas-allow-insecure': { type: 'boolean' },
  'cas-user-attribute': { type: 'string' },
  'public-url': { type: 'string' },
} as const;

export function casFromOptions(values: {
  'cas-url'?: string;
  'cas-version'?: string;
  'cas-allow-insecure'?: boolean;
  'cas-user-attribute'?: string;
  'public-url'?: string;
  'trust-proxy'?: string[];
  host?: string;
}): { config: CasConfig; publicUrl?: string } | undefined {
  const url = values['cas-url'];
  if (url === undefined) {
    for (const flag of ['cas-version', 'cas-allow-insecure', 'cas-user-attribute'] as const)
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} goes with --cas-url: give the CAS server's URL too`);
    return undefined;
  }
  const publicUrl = values['public-url'];
  // Behind a proxy central cannot know the address browsers use, and tickets are issued for exactly that one.
  if (publicUrl === undefined && (values['trust-proxy'] ?? []).length)
    throw new UsageError(
      '--cas-url behind a reverse proxy (--trust-proxy) needs --public-url: the address browsers reach central at, such as https://estation.example.edu.cn',
    );
  // Listening on every interface, the address it listens on (0.0.0.0) is no address a browser can open.
  if (publicUrl === undefined && !/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(values.host ?? '127.0.0.1'))
    throw new UsageError(
      `--cas-url with --host ${values.host} needs --public-url: the address browsers reach central at, such as https://estation.example.edu.cn`,
    );
  try {
    const config = parseCasConfig({
      url,
      ...(values['cas-version'] !== undefined ? { version: values['cas-version'] } : {}),
      allowInsecure: values['cas-allow-insecure'] ?? false,
      ...(values['cas-user-attribute'] !== undefined ? { userAttribute: values['cas-user-attribute'] } : {}),
    });
    if (publicUrl !== undefined) casServiceUrl(publicUrl);
    return { config, ...(publicUrl !== undefined ? { publicUrl } : {}) };
  } catch (err) {
    if (err instanceof CasConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** The start banner's line: where staff sign on, and the service URL to register with the CAS administrators. */
export function casBanner(cas: { config: CasConfig; publicUrl?: string }, listening: string): string {
  return `Single sign-on: CAS ${cas.config.version}.0 at ${cas.config.casUrl}; register the service ${casServiceUrl(cas.publicUrl ?? listening)} with the university's CAS.`;
}
