/**
 * Calls one admin route of central (`adminRoutes` in shared/central-api.ts) with an admin token:
 * what `estation template publish` and `estation settings publish` have in common.
 */
import { readFileSync } from 'node:fs';
import { adminRoutes, type SignedRelease } from '../../shared/central-api.js';
import { UsageError } from './args.js';

export interface AdminAnswer {
  status: number;
  body: {
    error?: string;
    message?: string;
    sha256?: string;
    version?: number | string;
    problems?: { person: string | null; field: string; message: string }[];
    [key: string]: unknown;
  };
}

/** The admin token from --admin-token or ESTATION_ADMIN_TOKEN. */
export function adminToken(flag: string | undefined): string {
  const token = flag ?? process.env.ESTATION_ADMIN_TOKEN;
  if (!token)
    throw new UsageError(
      'an admin token is required: --admin-token TOKEN or ESTATION_ADMIN_TOKEN (from `estation central enroll-admin`)',
    );
  return token;
}

/** The publisher's private key (PEM text) from --key. */
export function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export async function publishSigned(
  route: keyof typeof adminRoutes,
  central: string,
  token: string,
  signed: SignedRelease | Record<string, unknown>,
  query: Record<string, string> = {},
): Promise<AdminAnswer> {
  const spec = adminRoutes[route];
  return adminCall(spec.method, spec.path, central, token, signed, query);
}

/** One admin request (a body for POST, none for GET); a central that cannot be reached is a UsageError. */
export async function adminCall(
  method: 'GET' | 'POST',
  path: string,
  central: string,
  token: string,
  body?: unknown,
  query: Record<string, string> = {},
): Promise<AdminAnswer> {
  const url = new URL(path, central);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  // A publish with its dry-run renders takes longer than a plain request.
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${token}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(120_000),
  }).catch((err: Error) => {
    throw new UsageError(`cannot reach central at ${central}: ${err.message}`);
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as AdminAnswer['body'] };
}
