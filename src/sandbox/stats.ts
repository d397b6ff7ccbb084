/** Per-call statistics: calls per service, operation and account; throttled and faulted calls. */
export interface StatsSnapshot {
  total: number;
  throttled: number;
  faults: Record<string, number>;
  /** service → operation → account → calls */
  calls: Record<string, Record<string, Record<string, number>>>;
  /** `service.operation` → throttled calls */
  throttledBy: Record<string, number>;
}

export class Stats {
  private data: StatsSnapshot = Stats.empty();

  static empty(): StatsSnapshot {
    return { total: 0, throttled: 0, faults: {}, calls: {}, throttledBy: {} };
  }

  count(service: string, operation: string, accountId: string): void {
    this.data.total++;
    const byOp = (this.data.calls[service] ??= {});
    const byAccount = (byOp[operation] ??= {});
    byAccount[accountId] = (byAccount[accountId] ?? 0) + 1;
  }

  throttled(service: string, operation: string): void {
    this.data.throttled++;
    const key = `${service}.${operation}`;
    this.data.throttledBy[key] = (this.data.throttledBy[key] ?? 0) + 1;
  }

  fault(kind: string): void {
    this.data.faults[kind] = (this.data.faults[kind] ?? 0) + 1;
  }

  snapshot(): StatsSnapshot {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = Stats.empty();
  }
}
