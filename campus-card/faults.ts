/**
 * Fault injection for the tests and the demo (shared/campus-card-api.ts, FaultSettings, says what each fault
 * does). Set at start (`estation campus-card serve --fault KIND=RATE --slow-ms N`) and changed at run time
 * through PUT /v1/admin/faults. A fault set with `next: n` happens on the next n money calls for certain
 * (what a test needs), then on a `rate` share of them (what a chaos run needs).
 */
import { FAULT_KINDS, FaultSettings, type FaultKind, type FaultStatus } from '../shared/campus-card-api.js';

interface Rule {
  next: number;
  rate: number;
}

export class Faults {
  private slowMs = 0;
  private readonly rules = new Map<FaultKind, Rule>(FAULT_KINDS.map((k) => [k, { next: 0, rate: 0 }]));
  private readonly happened = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  /** Money calls being handled now (a test waits for 0 before it reads the statement). */
  inFlight = 0;

  constructor(
    settings: FaultSettings = {},
    private readonly random: () => number = Math.random,
  ) {
    this.set(settings);
  }

  /** Replaces the settings: a fault not named is switched off. */
  set(input: FaultSettings): void {
    const settings = FaultSettings.parse(input);
    this.slowMs = settings.slowMs;
    for (const kind of FAULT_KINDS) this.rules.set(kind, { ...(settings[kind] ?? { next: 0, rate: 0 }) });
  }

  status(): FaultStatus {
    return {
      slowMs: this.slowMs,
      rules: Object.fromEntries(this.rules) as FaultStatus['rules'],
      happened: { ...this.happened },
      inFlight: this.inFlight,
    };
  }

  /** Decides, for one money call, which faults it meets (each rule's `next` counts down as it is used). */
  draw(): Set<FaultKind> & { slowMs: number } {
    const drawn = new Set<FaultKind>() as Set<FaultKind> & { slowMs: number };
    for (const [kind, rule] of this.rules) {
      if (rule.next > 0) {
        rule.next--;
        drawn.add(kind);
      } else if (rule.rate > 0 && this.random() < rule.rate) drawn.add(kind);
    }
    for (const kind of drawn) this.happened[kind]++;
    drawn.slowMs = this.slowMs;
    return drawn;
  }
}
