/**
 * A KioskClient for the renderer's unit tests, written by hand against the shared contract. A call
 * waits until the test answers it (`resolve`, `reject`), unless the test gave its method a standing
 * answer (`answer`); the test plays the core's events with `emit`. Nothing is cast: the types of
 * every answer and event come from shared/kiosk-api.ts, as in the real transports.
 */
import type {
  EventPayload,
  KioskEventName,
  KioskMethodName,
  MethodInput,
  MethodOutput,
} from '../../../shared/kiosk-api';
import { KioskCallError, type KioskClient } from '../../../renderer/src/api/client';

interface PendingCall<M extends KioskMethodName> {
  params: MethodInput<M>;
  resolve(value: MethodOutput<M>): void;
  reject(error: Error): void;
}
type PendingCalls = { [M in KioskMethodName]?: PendingCall<M>[] };
/** At most one per method (a list only because TypeScript lets a generic method fill a list, not set a value). */
type StandingAnswers = { [M in KioskMethodName]?: ((params: MethodInput<M>) => MethodOutput<M>)[] };
type Handlers = { [E in KioskEventName]?: ((payload: EventPayload<E>) => void)[] };

export class FakeKioskClient implements KioskClient {
  readonly connection: { state: 'connecting' | 'open' | 'closed' } = { state: 'open' };
  /** Every call in the order it was made. */
  readonly calls: { method: KioskMethodName; params: unknown }[] = [];
  private readonly pending: PendingCalls = {};
  private readonly answers: StandingAnswers = {};
  private readonly handlers: Handlers = {};

  call<M extends KioskMethodName>(method: M, params: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, params });
    const answer = this.answers[method]?.[0];
    if (answer) return Promise.resolve(answer(params));
    return new Promise((resolve, reject) => this.queue(method).push({ params, resolve, reject }));
  }

  on<E extends KioskEventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    const list = this.listeners(event);
    list.push(handler);
    return () => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Answers every later call of `method` at once, with `value` or what `fn` makes of the params. */
  answer<M extends KioskMethodName>(method: M, value: MethodOutput<M> | ((params: MethodInput<M>) => MethodOutput<M>)) {
    const slot: StandingAnswers[M] = [];
    this.answers[method] = slot;
    slot.push(typeof value === 'function' ? value : () => value);
  }

  /** Answers the oldest waiting call of `method`; returns the params it was called with. */
  resolve<M extends KioskMethodName>(method: M, value: MethodOutput<M>): MethodInput<M> {
    const call = this.take(method);
    call.resolve(value);
    return call.params;
  }

  /** Fails the oldest waiting call of `method` with the core's error `code`. */
  reject<M extends KioskMethodName>(method: M, code: string): MethodInput<M> {
    const call = this.take(method);
    call.reject(new KioskCallError(code, `${method} failed: ${code}`));
    return call.params;
  }

  /** How many calls of `method` wait for an answer. */
  waiting(method: KioskMethodName): number {
    return this.pending[method]?.length ?? 0;
  }

  /** The core pushes an event to everyone listening. */
  emit<E extends KioskEventName>(event: E, payload: EventPayload<E>): void {
    for (const handler of [...this.listeners(event)]) handler(payload);
  }

  private queue<M extends KioskMethodName>(method: M): PendingCall<M>[] {
    const existing = this.pending[method];
    if (existing) return existing;
    const fresh: PendingCalls[M] = [];
    this.pending[method] = fresh;
    return fresh;
  }

  private take<M extends KioskMethodName>(method: M): PendingCall<M> {
    const call = this.pending[method]?.shift();
    if (!call) throw new Error(`No call of ${method} is waiting: answer it only after the code under test made it`);
    return call;
  }

  private listeners<E extends KioskEventName>(event: E): ((payload: EventPayload<E>) => void)[] {
    const existing = this.handlers[event];
    if (existing) return existing;
    const fresh: Handlers[E] = [];
    this.handlers[event] = fresh;
    return fresh;
  }
}

/** Lets every answered call's continuation run (the store awaits several in a row). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
