/**
 * The one entry point both hosts (Electron IPC and web mode) use: validates a method call against
 * the shared contract, runs it on the core, and turns failures into `{ code, message }` errors.
 */
import type { z } from 'zod';
import {
  kioskMethods,
  type ApiError,
  type KioskApi,
  type KioskMethodName,
  type KioskMethods,
} from '../../shared/kiosk-api.js';
import { KioskApiError } from './kiosk-api-error.js';

/** The contract's input schemas, seen per method (so that a method's schema and its input type stay paired). */
const INPUTS: { readonly [M in KioskMethodName]: { readonly input: z.ZodType<z.output<KioskMethods[M]['input']>> } } =
  kioskMethods;

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiError };

export function isMethod(name: unknown): name is KioskMethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(INPUTS, name);
}

/** Validates `params` for method `M` and runs it: the generic keeps the input and the method paired. */
async function run<M extends KioskMethodName>(core: KioskApi, method: M, params: unknown): Promise<DispatchResult> {
  const parsed = INPUTS[method].input.safeParse(params ?? {});
  if (!parsed.success)
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      },
    };
  const call: KioskApi[M] = core[method];
  return { ok: true, result: await call.call(core, parsed.data) };
}

export async function dispatch(core: KioskApi, method: unknown, params: unknown): Promise<DispatchResult> {
  if (!isMethod(method))
    return { ok: false, error: { code: 'unknown_method', message: `No method ${String(method).slice(0, 40)}` } };
  try {
    return await run(core, method, params);
  } catch (err) {
    if (err instanceof KioskApiError) return { ok: false, error: { code: err.code, message: err.message } };
    return { ok: false, error: { code: 'internal', message: 'Internal error in the kiosk core' } };
  }
}
