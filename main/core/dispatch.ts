/**
 * The one entry point both hosts (Electron IPC and web mode) use: validates a method call against
 * the shared contract, runs it on the core, and turns failures into `{ code, message }` errors.
 */
import { kioskMethods, type ApiError, type KioskMethodName } from '../../shared/kiosk-api.js';
import { KioskApiError, type KioskCore } from './kiosk-core.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiError };

export function isMethod(name: unknown): name is KioskMethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(kioskMethods, name);
}

export async function dispatch(core: KioskCore, method: unknown, params: unknown): Promise<DispatchResult> {
  if (!isMethod(method))
    return { ok: false, error: { code: 'unknown_method', message: `No method ${String(method).slice(0, 40)}` } };
  const parsed = kioskMethods[method].input.safeParse(params ?? {});
  if (!parsed.success)
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      },
    };
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = await (core[method] as (input: any) => unknown).call(core, parsed.data);
    return { ok: true, result };
  } catch (err) {
    if (err instanceof KioskApiError) return { ok: false, error: { code: err.code, message: err.message } };
    return { ok: false, error: { code: 'internal', message: 'Internal error in the kiosk core' } };
  }
}
