/**
 * `estation template promote ID VERSION` (a pilot release to every terminal) and `estation template
 * rollback ID --to VERSION` (a signed instruction that stations obey although the version is lower),
 * and how `estation template publish` prints central's refusal of a release (docs/templates.md,
 * "Publishing safely").
 */
import { TemplateRollback, TemplateVersion } from '../../shared/central-api.js';
import { compareVersions, signDocument } from '../../templates/engine/index.js';
import { adminCall, adminToken, publishSigned, readKeyFile, type AdminAnswer } from './admin-client.js';
import { parse, UsageError } from './args.js';

/** Central's answer to a refused publish, one problem a line (whose data, which field, what is wrong). */
export function refusalLines(answer: AdminAnswer['body']): string[] {
  return (answer.problems ?? []).map(
    (p) => `  ${p.person === null ? 'release' : `person ${p.person}`}  ${p.field}: ${p.message}`,
  );
}

const version = (v: string | undefined, what: string): string => {
  if (!v || !TemplateVersion.safeParse(v).success) throw new UsageError(`${what} needs a version like 2.1.0`);
  return v;
};

export async function promote(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { central: { type: 'string' }, 'admin-token': { type: 'string' } }, true);
  const [id, v] = positionals;
  if (!id) throw new UsageError('promote needs the template id and version: promote ID VERSION');
  const ver = version(v, 'promote');
  if (!values.central) throw new UsageError('--central URL is required');
  const { status, body } = await publishSigned('promoteTemplate', values.central, adminToken(values['admin-token']), {
    id,
    version: ver,
  });
  if (status !== 201) {
    process.stderr.write(
      `central refused to promote ${id}@${ver} (${status} ${body.error ?? ''}): ${body.message ?? ''}\n`,
    );
    return 1;
  }
  process.stdout.write(`Promoted ${id}@${ver} to every terminal (${String(body.promotedAt)}).\n`);
  return 0;
}

export async function rollback(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { to: { type: 'string' }, key: { type: 'string' }, central: { type: 'string' }, 'admin-token': { type: 'string' } },
    true,
  );
  const id = positionals[0];
  if (!id) throw new UsageError('rollback needs the template id: rollback ID --to VERSION');
  const to = version(values.to, '--to');
  if (!values.key)
    throw new UsageError('--key PEM is required: the publisher key the kiosks trust (publishing.publisherKeys)');
  if (!values.central) throw new UsageError('--central URL is required');
  const token = adminToken(values['admin-token']);
  // The instruction withdraws every version above `to` published so far: central says which those are.
  const listed = await adminCall('GET', '/v1/admin/templates', values.central, token);
  if (listed.status !== 200) {
    process.stderr.write(
      `central did not list the releases (${listed.status} ${listed.body.error ?? ''}): ${listed.body.message ?? ''}\n`,
    );
    return 1;
  }
  const versions = ((listed.body.releases ?? []) as { id: string; version: string }[])
    .filter((r) => r.id === id)
    .map((r) => r.version)
    .sort(compareVersions);
  if (!versions.includes(to)) {
    process.stderr.write(
      `${id} ${to} was never published at this central (published: ${versions.join(', ') || 'none'}).\n`,
    );
    return 1;
  }
  const through = versions.at(-1)!;
  if (compareVersions(through, to) <= 0) {
    process.stderr.write(`${id} ${to} is already the highest published version; there is nothing to roll back.\n`);
    return 1;
  }
  const instruction: TemplateRollback = {
    format: 'estation-rollback/1',
    id,
    to,
    through,
    issuedAt: new Date().toISOString(),
  };
  const signed = signDocument(instruction, readKeyFile(values.key));
  const { status, body } = await publishSigned('rollbackTemplate', values.central, token, signed);
  if (status !== 201) {
    process.stderr.write(
      `central refused the rollback of ${id} to ${to} (${status} ${body.error ?? ''}): ${body.message ?? ''}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Rolled ${id} back to ${to} (withdrawn: the versions above it up to ${through}; key ${signed.keyId}). Stations that trust this key obey at their next sync.\n`,
  );
  return 0;
}
