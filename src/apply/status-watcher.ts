/**
 * Waits for AWS's asynchronous requests of one kind together. Rather than describing every outstanding
 * request on every poll, it lists the requests still IN_PROGRESS once per interval (one call for up to
 * a page of them) and describes only those that left the list, to learn how they ended. A request the
 * listing does not show yet (listings may lag a write) is described too, and kept waiting while that
 * answers IN_PROGRESS, so a lagging listing costs a call, never a wrong answer.
 */
import type { Sleep } from '../aws/rate-limiter.js';

export interface RequestStatus {
  /** IN_PROGRESS, SUCCEEDED or FAILED. */
  status: string;
  failureReason?: string;
  /** What the request produced, e.g. the new account's id. */
  result?: string;
}

export interface StatusSource {
  /** Ids of the requests of this kind still in progress. */
  listInProgress(): Promise<Set<string>>;
  describe(id: string): Promise<RequestStatus>;
}

interface Waiter {
  resolve(status: RequestStatus): void;
  reject(error: unknown): void;
}

export class StatusWatcher {
  private readonly waiting = new Map<string, Waiter>();
  private running = false;

  constructor(
    private readonly source: StatusSource,
    private readonly sleep: Sleep,
    /** Wait between listings. */
    private readonly intervalMs: number,
    /** Wait before the first listing when the watcher starts (a request may finish at once). */
    private readonly firstMs = Math.min(1000, intervalMs),
  ) {}

  /** Resolves with the request's final status (SUCCEEDED or FAILED). */
  wait(id: string): Promise<RequestStatus> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let wait = this.firstMs; this.waiting.size > 0; wait = this.intervalMs) {
        await this.sleep(wait);
        let open: Set<string>;
        try {
          open = await this.source.listInProgress();
        } catch (error) {
          this.failAll(error);
          break;
        }
        const left = [...this.waiting.keys()].filter((id) => !open.has(id));
        await Promise.all(left.map((id) => this.settle(id)));
      }
    } finally {
      this.running = false;
    }
  }

  private async settle(id: string): Promise<void> {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    try {
      const status = await this.source.describe(id);
      if (status.status === 'IN_PROGRESS') return;
      this.waiting.delete(id);
      waiter.resolve(status);
    } catch (error) {
      this.waiting.delete(id);
      waiter.reject(error);
    }
  }

  private failAll(error: unknown): void {
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      waiter.reject(error);
    }
  }
}
