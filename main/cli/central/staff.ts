/**
 * `estation central staff add|set|disable|enable|list` (issue #18): staff accounts with a role (admin,
 * operator, viewer) and sites (central/domain/staff-scope.ts). A PIN never goes on the command line
 * (`ps` shows it): `add` and `set --new-pin` read it from ESTATION_STAFF_PIN or from the first line of
 * standard input. Every change names who made it in central's log of the command (the OS account).
 */
import { osUser } from './os-user.js';
import { readFileSync } from 'node:fs';
import {
  addStaff,
  checkScope,
  setStaff,
  StaffAccountRefused,
  staffAccounts,
  type StaffAccount,
} from '../../../central/store/staff-accounts.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { parse, printLines, UsageError } from '../args.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

const PIN = /^\d{6,12}$/;

function readPin(): string {
  const pin = (process.env.ESTATION_STAFF_PIN ?? readFileSync(0, 'utf8').split('\n')[0] ?? '').trim();
  if (!PIN.test(pin))
    throw new UsageError(
      'the PIN must be 6 to 12 digits, given in ESTATION_STAFF_PIN or on the first line of standard input (never on the command line)',
    );
  return pin;
}

const describe = (s: StaffAccount) =>
  `${s.id}  ${s.name}  ${s.role}${s.role === 'admin' ? ' (every site)' : `  sites: ${s.sites.join(', ')}`}${s.disabled ? `  DISABLED since ${s.disabledAt}` : ''}`;

const OPTIONS = {
  ...STORE_OPTIONS,
  card: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  site: { type: 'string', multiple: true },
  'new-pin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  const { values, positionals } = parse(argv.slice(1), OPTIONS, true);
  const store = await openCentralStore(values);
  const at = new Date().toISOString();
  try {
    if (sub === 'list') {
      const all = await staffAccounts(store.sql);
      printLines(
        values.json ? [JSON.stringify(all, null, 2)] : all.length ? all.map(describe) : ['No staff accounts.'],
      );
      return 0;
    }
    const id = positionals[0];
    if (!id || positionals.length > 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
      throw new UsageError(
        `staff ${sub ?? ''} needs one staff id (letters, digits, "-" or "_"; a teacher's work number)`,
      );
    const scope = checkScope(values.role, values.site ?? []);
    if (sub === 'add') {
      if (!values.card || !values.name) throw new UsageError('staff add needs --card CARD and --name NAME');
      if (!scope.role) throw new UsageError('staff add needs --role admin|operator|viewer');
      const s = await addStaff(
        store.sql,
        { id, card: values.card, name: values.name, role: scope.role, sites: scope.sites, pinHash: hashPin(readPin()) },
        at,
        osUser(),
      );
      printLines([`Staff member added: ${describe(s)}`]);
      return 0;
    }
    if (sub === 'set' || sub === 'disable' || sub === 'enable') {
      const s = await setStaff(
        store.sql,
        id,
        {
          ...(scope.role ? { role: scope.role } : {}),
          ...(values.site ? { sites: scope.sites } : {}),
          ...(values.name ? { name: values.name } : {}),
          ...(values.card ? { card: values.card } : {}),
          ...(values['new-pin'] ? { pinHash: hashPin(readPin()) } : {}),
          ...(sub === 'set' ? {} : { enabled: sub === 'enable' }),
        },
        at,
        osUser(),
      );
      printLines([
        sub === 'disable'
          ? `Staff member ${id} is disabled: their card and PIN open nothing, their sessions end at the next page; every record of what they did stays.`
          : `Staff member ${sub === 'enable' ? 'enabled' : 'changed'}: ${describe(s)}`,
      ]);
      return 0;
    }
    throw new UsageError(`staff needs add, set, disable, enable or list${sub ? `, not "${sub}"` : ''}`);
  } catch (err) {
    if (!(err instanceof StaffAccountRefused)) throw err;
    process.stderr.write(`${err.message}\nNothing was changed.\n`);
    return 1;
  } finally {
    await store.close();
  }
}
