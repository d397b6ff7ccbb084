/** What a run cost: calls per service, operation and account; throttled and retried calls. */
export interface CallStatsSnapshot {
  calls: number;
  throttled: number;
  retried: number;
  /** `service:operation` → calls */
  byOperation: Record<string, number>;
  /** account → calls */
  byAccount: Record<string, number>;
}

export class CallStats {
  private data: CallStatsSnapshot = { calls: 0, throttled: 0, retried: 0, byOperation: {}, byAccount: {} };

  call(service: string, operation: string, account: string): void {
    this.data.calls++;
    const key = `${service}:${operation}`;
    this.data.byOperation[key] = (this.data.byOperation[key] ?? 0) + 1;
    this.data.byAccount[account] = (this.data.byAccount[account] ?? 0) + 1;
  }

  retry(throttled: boolean): void {
    this.data.retried++;
    if (throttled) this.data.throttled++;
  }

  snapshot(): CallStatsSnapshot {
    return structuredClone(this.data);
  }
}
