/**
 * Lane scheduling: ready operations queue in their lane and start while the lane has room, lanes in
 * the order they first got work, each lane's queue in order (an operation let go by an exclusive key
 * first). An operation whose exclusive key is in use is parked until the holder finishes.
 */
import type { Operation } from '../plan/operations.js';
import { exclusiveKey, laneOf, type Lane } from './lanes.js';

interface LaneQueue {
  ops: Operation[];
  /** The next of `ops` to take. */
  next: number;
  /** Operations released from parking, taken before `ops`. */
  again: Operation[];
}

export class LaneScheduler {
  private readonly queues = new Map<Lane, LaneQueue>();
  /** Exclusive keys in use, and the ready operations waiting for each. */
  private readonly busy = new Set<string>();
  private readonly parked = new Map<string, Operation[]>();
  private readonly running = new Map<Lane, number>();

  constructor(private readonly limits: Record<Lane, number>) {}

  enqueue(op: Operation): void {
    const lane = laneOf(op);
    const queue = this.queues.get(lane);
    if (queue) queue.ops.push(op);
    else this.queues.set(lane, { ops: [op], next: 0, again: [] });
  }

  /**
   * Hands `start` each queued operation its lane has room for, counting it as running (and its
   * exclusive key as held) first. `start` may finish an operation at once (with `release`), and may
   * enqueue more: lanes and operations added meanwhile are still visited.
   */
  fill(start: (op: Operation, lane: Lane) => void): void {
    for (const [lane, queue] of this.queues) {
      while (this.runningIn(lane) < this.limits[lane]) {
        const op = this.take(queue);
        if (!op) break;
        const key = exclusiveKey(op);
        if (key && this.busy.has(key)) {
          this.park(key, op);
          continue;
        }
        if (key) this.busy.add(key);
        this.running.set(lane, this.runningIn(lane) + 1);
        start(op, lane);
      }
    }
  }

  /** An operation `fill` started has finished: its lane slot and exclusive key are free again. */
  release(op: Operation, lane: Lane): void {
    this.running.set(lane, (this.running.get(lane) ?? 1) - 1);
    const key = exclusiveKey(op);
    if (!key) return;
    this.busy.delete(key);
    const next = this.parked.get(key)?.shift();
    if (next) this.queues.get(laneOf(next))!.again.push(next);
  }

  runningIn(lane: Lane): number {
    return this.running.get(lane) ?? 0;
  }

  private take(queue: LaneQueue): Operation | undefined {
    const op = queue.again.shift() ?? queue.ops[queue.next++];
    if (!op) queue.next = queue.ops.length;
    return op;
  }

  private park(key: string, op: Operation): void {
    const waiting = this.parked.get(key);
    if (waiting) waiting.push(op);
    else this.parked.set(key, [op]);
  }
}
