/**
 * `estation central group add|remove GROUP TERMINAL...` and `group list [--json]`: named groups of
 * terminals, such as the pilot group that gets a template release first (`estation template publish
 * DIR --to-group pilot`; docs/templates.md, "Publishing safely"). Each change is kept with who (the
 * operating-system user) and when; leaving a group ends the membership, it deletes nothing.
 */
import { userInfo } from 'node:os';
import { GROUP_NAME, RolloutRefused } from '../../../central/store/rollout.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines, UsageError } from '../args.js';

/** Who ran the command, for the record (the CLI runs on central's machine, without an admin token). */
const operator = () => `cli:${process.env.SUDO_USER ?? userInfo().username}`;

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === 'add' || sub === 'remove') return change(sub, argv.slice(1));
  if (sub === 'list') return list(argv.slice(1));
  throw new UsageError(
    `group needs "add GROUP TERMINAL...", "remove GROUP TERMINAL..." or "list"${sub ? `, not "${sub}"` : ''}`,
  );
}

async function change(sub: 'add' | 'remove', argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...STORE_OPTIONS }, true);
  const [group, ...terminals] = positionals;
  if (!group || !terminals.length) throw new UsageError(`group ${sub} needs a group name and at least one terminal id`);
  if (!GROUP_NAME.test(group))
    throw new UsageError(`"${group}" is not a group name: use lower-case letters, digits, "-" or "_" (e.g. pilot)`);
  const store = await openCentralStore(values);
  try {
    if (sub === 'add') {
      const added = await store.addToGroup(group, terminals, operator());
      const already = terminals.filter((t) => !added.includes(t));
      printLines([
        `Group ${group}: added ${added.join(', ') || 'nobody'}${already.length ? ` (already in it: ${already.join(', ')})` : ''}.`,
      ]);
    } else {
      const removed = await store.removeFromGroup(group, terminals, operator());
      const absent = terminals.filter((t) => !removed.includes(t));
      printLines([
        `Group ${group}: removed ${removed.join(', ') || 'nobody'}${absent.length ? ` (not in it: ${absent.join(', ')})` : ''}.`,
      ]);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof RolloutRefused)) throw err;
    process.stderr.write(`${err.message}\nNothing was changed.\n`);
    return 1;
  } finally {
    await store.close();
  }
}

async function list(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, json: { type: 'boolean' } });
  const store = await openCentralStore(values);
  try {
    const groups = await store.groups();
    if (values.json) printLines([JSON.stringify({ groups })]);
    else if (!groups.length)
      printLines(['No terminal groups. Make one with: estation central group add pilot TERMINAL...']);
    else printLines(groups.map((g) => `${g.group}: ${g.terminals.join(', ')}`));
    return 0;
  } finally {
    await store.close();
  }
}
