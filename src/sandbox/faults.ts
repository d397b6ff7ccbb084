/**
 * Injected faults, drawn from a seeded stream so a failing run can be replayed. Throttling, internal
 * errors and conflicts are decided before the operation runs, so such a call never changes state (as
 * with AWS's throttling and most 5xx answers). A lost response is the other case: the write happens and
 * its answer is lost (a 500), so a client's retry meets the effect of its first attempt.
 */
import { seededStream } from './rng.js';

export interface FaultConfig {
  seed: number;
  /** Share of calls answered with the service's throttling error. */
  throttle: number;
  /** Share of mutating calls answered with the service's concurrent-modification error. */
  concurrentModification: number;
  /** Share of calls answered with HTTP 500 and the service's internal error. */
  internalError: number;
  /** Share of mutating calls that run, then answer HTTP 500 as if the answer were lost on the way back. */
  lostResponse: number;
  /** Share of paginated Organizations listings that answer an empty page with a NextToken, as AWS may. */
  emptyPage: number;
  /** Limit faults to these services (`organizations`, `iam`, `sts`, ...); empty = all. */
  services: string[];
  /** Limit faults to these operations; empty = all. */
  operations: string[];
}

export type FaultKind = 'throttle' | 'concurrentModification' | 'internalError';

export function noFaults(): FaultConfig {
  return {
    seed: 1,
    throttle: 0,
    concurrentModification: 0,
    internalError: 0,
    lostResponse: 0,
    emptyPage: 0,
    services: [],
    operations: [],
  };
}

export class FaultInjector {
  private config: FaultConfig = noFaults();
  private random: () => number = seededStream(1);

  configure(config: Partial<FaultConfig>): FaultConfig {
    this.config = { ...noFaults(), ...config };
    this.random = seededStream(this.config.seed);
    return this.config;
  }

  get current(): FaultConfig {
    return this.config;
  }

  private applies(service: string, operation: string): boolean {
    const { services, operations } = this.config;
    return (
      (services.length === 0 || services.includes(service)) &&
      (operations.length === 0 || operations.includes(operation))
    );
  }

  draw(service: string, operation: string, mutating: boolean): FaultKind | undefined {
    const { throttle, concurrentModification, internalError } = this.config;
    if (throttle + concurrentModification + internalError === 0 || !this.applies(service, operation))
      return undefined;
    const roll = this.random();
    if (roll < throttle) return 'throttle';
    if (roll < throttle + internalError) return 'internalError';
    if (mutating && roll < throttle + internalError + concurrentModification) return 'concurrentModification';
    return undefined;
  }

  /** After a mutating call succeeded: whether its answer is lost. */
  lostResponse(service: string, operation: string): boolean {
    return (
      this.config.lostResponse > 0 &&
      this.applies(service, operation) &&
      this.random() < this.config.lostResponse
    );
  }

  emptyPage(service: string, operation: string): boolean {
    return (
      this.config.emptyPage > 0 && this.applies(service, operation) && this.random() < this.config.emptyPage
    );
  }
}
