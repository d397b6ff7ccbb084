/**
 * AWS-like throttling: token buckets keyed the way AWS scopes its rate limits, at the rates AWS
 * documents (each service's `bucket` in its definition; docs/sandbox.md, "Realism knobs"). A time-scale
 * factor runs buckets (and settle times and latencies) faster than AWS, so a throttled benchmark of a
 * large organization takes minutes, not hours.
 */
export type RateProfile = 'documented' | 'pessimistic' | 'raised';

export interface BucketSpec {
  /** Unique bucket key, e.g. `sso-admin:123456789012`. */
  key: string;
  /** Tokens per second at the `documented` profile. */
  rate: number;
  burst: number;
  /** Which family the bucket belongs to, for the `raised` profile and stats. */
  family: string;
}

export interface ThrottleConfig {
  enabled: boolean;
  profile: RateProfile;
  /** Virtual seconds per real second: 10 makes a 20/s bucket refill at 200 real requests per second. */
  timeScale: number;
}

/** Families whose quotas the `raised` profile lifts (AWS raises these on request). */
const RAISED: Record<string, number> = { 'sso-admin': 100, identitystore: 100 };

export function effectiveRate(spec: BucketSpec, profile: RateProfile): { rate: number; burst: number } {
  if (profile === 'pessimistic') return { rate: spec.rate * 0.5, burst: Math.max(1, spec.burst * 0.5) };
  if (profile === 'raised' && RAISED[spec.family] !== undefined) {
    const rate = RAISED[spec.family]!;
    return { rate, burst: rate };
  }
  return { rate: spec.rate, burst: spec.burst };
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class Throttler {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly nowMs: () => number) {}

  /** Takes a token; false when the bucket is empty (the caller answers with the throttling error). */
  take(spec: BucketSpec, config: ThrottleConfig): boolean {
    const { rate, burst } = effectiveRate(spec, config.profile);
    const perMs = (rate * config.timeScale) / 1000;
    const now = this.nowMs();
    let bucket = this.buckets.get(spec.key);
    if (!bucket) {
      bucket = { tokens: burst, updatedMs: now };
      this.buckets.set(spec.key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
