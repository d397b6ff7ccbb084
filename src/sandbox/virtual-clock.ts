/**
 * Simulated time for runs where the client and the sandbox share one process (benchmarks): every wait
 * (rate-limiter tokens, retry back-off, polling an asynchronous request) is a timer on this clock, and
 * the clock jumps to the next timer as soon as the process has nothing else to do. Throttle buckets and
 * settle times read the same clock, so hours of AWS time (five account creations at a time, fifteen
 * outstanding assignment requests) run in the CPU time the work itself takes.
 *
 * "Nothing else to do" is a macrotask turn (`setImmediate`) in which no timer was added and no call
 * was made: the in-process sandbox answers through promises only, so once the microtask queue is empty
 * every caller is waiting on a timer.
 */
import type { Sleep } from '../aws/rate-limiter.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private activity = 0;
  private seenActivity = -1;
  private idleTurns = 0;
  private scheduled = false;

  constructor(startMs = Date.parse('2026-11-01T00:00:00Z')) {
    this.current = startMs;
  }

  /** Milliseconds since the epoch on this clock. */
  readonly now = (): number => this.current;

  /** Resolves when the clock reaches `ms` from now. */
  readonly sleep: Sleep = (ms) =>
    new Promise<void>((resolve) => {
      this.push({ at: this.current + Math.max(0, ms), seq: this.seq++, resolve });
      this.touch();
    });

  /** Marks progress (a call answered): the clock does not move in the same turn. */
  readonly touch = (): void => {
    this.activity++;
    if (!this.scheduled && this.timers.length > 0) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  };

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.length;
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    if (this.timers.length === 0) return;
    if (this.activity !== this.seenActivity) {
      this.seenActivity = this.activity;
      this.idleTurns = 0;
    } else if (++this.idleTurns >= 2) {
      this.idleTurns = 0;
      const at = this.timers[0]!.at;
      this.current = Math.max(this.current, at);
      while (this.timers.length > 0 && this.timers[0]!.at <= this.current) this.pop().resolve();
    }
    if (this.timers.length > 0) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  };

  // A binary heap ordered by (at, seq): equal times wake in the order they were set.
  private push(timer: Timer): void {
    const heap = this.timers;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Timer {
    const heap = this.timers;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
