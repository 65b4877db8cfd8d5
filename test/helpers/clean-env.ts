/**
 * Vitest setup: the tests start from the product's defaults, whatever the shell or CI exported.
 * The kiosk reads these variables (timeouts, PIN attempts, config and templates paths), and an
 * in-process test or a child started with `...process.env` would otherwise inherit them. The
 * tests' own switches (ESTATION_CRASH_SEED and the like) are left alone.
 */
export const PRODUCT_VARIABLES = [
  'ESTATION_ADMIN_TOKEN',
  'ESTATION_BENCH_CPU_PROF',
  'ESTATION_BENCH_DATABASE_URL',
  'ESTATION_BENCH_PG_ONLY',
  'ESTATION_BENCH_SESSIONS',
  'ESTATION_BUILD_OUT',
  'ESTATION_CONFIG',
  'ESTATION_DATABASE_URL',
  'ESTATION_DONE_COUNTDOWN_S',
  'ESTATION_ELECTRON',
  'ESTATION_FROM_SOURCE',
  'ESTATION_IDLE_TIMEOUT_S',
  'ESTATION_LOG',
  'ESTATION_NODE_OUT',
  'ESTATION_PUBLIC_KEY',
  'ESTATION_STAFF_LOCKOUT_S',
  'ESTATION_STAFF_PIN',
  'ESTATION_STAFF_PIN_ATTEMPTS',
  'ESTATION_STILL_THERE_S',
  'ESTATION_TEMPLATES_ROOT',
  'ESTATION_WINDOWED',
];
for (const name of PRODUCT_VARIABLES) delete process.env[name];
