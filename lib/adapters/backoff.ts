/**
 * Backing off from a failing endpoint: after a failure it is skipped for a while (doubling from
 * `baseMs` up to `maxMs`, the original POMS skipped 10 minutes), and a success resets it. Pure: the
 * caller passes the time, so tests need no clock.
 */
export type BackoffState = { failures: number; until: number };

export class EndpointBackoff {
  private readonly state = new Map<string, BackoffState>();
  constructor(
    private readonly baseMs = 30_000,
    private readonly maxMs = 600_000,
  ) {}

  /** Whether `endpoint` may be called at `now`; if not, until when it is skipped. */
  allowed(endpoint: string, now: number): { ok: true } | { ok: false; until: number } {
    const s = this.state.get(endpoint);
    return !s || now >= s.until ? { ok: true } : { ok: false, until: s.until };
  }

  failed(endpoint: string, now: number): BackoffState {
    const failures = (this.state.get(endpoint)?.failures ?? 0) + 1;
    const s = { failures, until: now + Math.min(this.maxMs, this.baseMs * 2 ** (failures - 1)) };
    this.state.set(endpoint, s);
    return s;
  }

  succeeded(endpoint: string) {
    this.state.delete(endpoint);
  }
}
