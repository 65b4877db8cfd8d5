/**
 * `estation template withdraw ID VERSION --reason TEXT` (issue #12, finding 6): central records who
 * withdrew the release and why, and stops offering and serving it. Stations only go back to a lower
 * version on a signed instruction, so when the withdrawn version is the newest one central offered,
 * `--key PEM` also sends the rollback to the newest version below it (`estation template rollback`).
 */
import { TemplateVersion } from '../../shared/central-api.js';
import { compareVersions } from '../../templates/engine/index.js';
import { adminCall, adminToken, publishSigned } from './admin-client.js';
import { parse, UsageError } from './args.js';
import { rollback } from './template-rollout.js';

export async function withdraw(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      reason: { type: 'string' },
      key: { type: 'string' },
      central: { type: 'string' },
      'admin-token': { type: 'string' },
    },
    true,
  );
  const [id, version] = positionals;
  if (!id || !version) throw new UsageError('withdraw needs the template id and version: withdraw ID VERSION');
  if (!TemplateVersion.safeParse(version).success)
    throw new UsageError(`withdraw: "${version}" is not a version like 2.1.0`);
  const reason = values.reason?.trim() ?? '';
  if (reason.length < 3)
    throw new UsageError('--reason TEXT is required: why the release is withdrawn (kept in the audit)');
  if (!values.central) throw new UsageError('--central URL is required');
  const token = adminToken(values['admin-token']);

  const { status, body } = await publishSigned('withdrawTemplate', values.central, token, { id, version, reason });
  if (status !== 201) {
    process.stderr.write(
      `central refused to withdraw ${id} ${version} (${status} ${body.error ?? ''}): ${body.message ?? ''}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Withdrew ${id} ${version} at central (${String(body.withdrawnAt)}): no station is offered it any more.\n`,
  );

  // Stations that installed it keep it unless told to go back: only needed when it was the newest offered.
  const listed = await adminCall('GET', '/v1/admin/templates', values.central, token);
  const kept = ((listed.body.releases ?? []) as { id: string; version: string; withdrawn?: boolean }[])
    .filter((r) => r.id === id && !r.withdrawn && TemplateVersion.safeParse(r.version).success)
    .map((r) => r.version)
    .sort(compareVersions);
  if (kept.some((v) => compareVersions(v, version) > 0)) return 0;
  const target = kept.at(-1);
  if (!target) {
    process.stdout.write(
      `No other version of ${id} is published: stations that installed ${version} keep it until a newer one is published.\n`,
    );
    return 0;
  }
  if (!values.key) {
    process.stdout.write(
      `Stations that installed ${version} keep using it until they are rolled back: estation template rollback ${id} --to ${target} --key PEM --central ${values.central}\n`,
    );
    return 0;
  }
  return rollback([id, '--to', target, '--key', values.key, '--central', values.central, '--admin-token', token]);
}
