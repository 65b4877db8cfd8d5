/**
 * Central's single sign-on configuration (统一身份认证, CAS 2.0/3.0): the CAS server's base URL, the
 * protocol version, and the service URL, the one address of central's sign-in callback that CAS
 * tickets are issued for. Checked once at start, so a wrong value stops central with a message.
 */
import { plainHttpToAnotherMachine } from '../../lib/insecure-url.js';

export type CasVersion = 2 | 3;
export const CAS_VERSIONS: readonly CasVersion[] = [2, 3];

/** Where CAS sends the browser back with its ticket (under /staff: the session cookie's path). */
export const CAS_CALLBACK_PATH = '/staff/cas';
/** Where the sign-in page's button goes: central sends the browser on to CAS from there. */
export const CAS_START_PATH = '/staff/cas/login';

export interface CasConfig {
  /** The CAS server's base URL without a trailing slash (`https://cas.example.edu.cn/cas`). */
  casUrl: string;
  version: CasVersion;
  /**
   * A 3.0 attribute that holds the staff id (工号), for a CAS whose user id is a login name instead;
   * none: the user id itself.
   */
  userAttribute?: string;
}

export class CasConfigError extends Error {
  override name = 'CasConfigError';
}

function httpUrl(value: string, what: string): URL {
  if (!URL.canParse(value)) throw new CasConfigError(`${what} ${value} is not a URL: give one like https://host/path`);
  const u = new URL(value);
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new CasConfigError(`${what} ${value} is not an http(s) URL: give one like https://host/path`);
  if (u.search || u.hash || u.username || u.password)
    throw new CasConfigError(`${what} ${value} has a query, a fragment or a user name: give the plain address`);
  return u;
}

const withoutSlash = (u: URL) => u.href.replace(/\/+$/, '');

/**
 * Checks a CAS server's base URL and version. Plain http:// to another machine is refused unless
 * `allowInsecure`: the tickets that sign staff in would cross the network readable by anyone on it.
 */
export function parseCasConfig(input: {
  url: string;
  version?: string | number;
  allowInsecure?: boolean;
  userAttribute?: string;
}): CasConfig {
  const u = httpUrl(input.url, 'The CAS URL');
  if (!input.allowInsecure && plainHttpToAnotherMachine(u.href))
    throw new CasConfigError(
      `The CAS URL ${input.url} is plain http:// to another machine: sign-in tickets would cross the network unencrypted. Use https://, or allow it explicitly on a network you trust (--cas-allow-insecure).`,
    );
  const version = input.version === undefined ? 3 : Number(input.version);
  if (!CAS_VERSIONS.includes(version as CasVersion))
    throw new CasConfigError(`CAS version ${input.version} is not supported: give 2 or 3`);
  const attribute = input.userAttribute;
  if (attribute !== undefined) {
    if (!/^[A-Za-z_][\w.-]{0,63}$/.test(attribute))
      throw new CasConfigError(`"${attribute}" is not a CAS attribute name: give one such as employeeNumber`);
    if (version !== 3) throw new CasConfigError('CAS 2.0 answers no attributes: a user attribute needs CAS version 3');
  }
  return {
    casUrl: withoutSlash(u),
    version: version as CasVersion,
    ...(attribute ? { userAttribute: attribute } : {}),
  };
}

/**
 * The service URL tickets are issued for, from central's public address (as browsers reach it, through
 * any reverse proxy). Never from a request's Host header: a ticket meant for another site could then be
 * presented here with that site's name in Host, and would validate.
 */
export function casServiceUrl(publicUrl: string): string {
  return `${withoutSlash(httpUrl(publicUrl, "Central's public URL"))}${CAS_CALLBACK_PATH}`;
}

/** The CAS sign-in page for this service. */
export function casLoginUrl(config: CasConfig, service: string): string {
  return `${config.casUrl}/login?${new URLSearchParams({ service })}`;
}

/** The ticket validation endpoint of the configured protocol version (3.0 also answers attributes). */
export function casValidateUrl(config: CasConfig, service: string, ticket: string): string {
  const path = config.version === 3 ? '/p3/serviceValidate' : '/serviceValidate';
  return `${config.casUrl}${path}?${new URLSearchParams({ service, ticket })}`;
}
