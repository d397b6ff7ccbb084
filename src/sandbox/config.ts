/** The sandbox's realism knobs. Everything is off (instant and unthrottled) unless a test asks for it. */
import type { ThrottleConfig } from './throttle.js';

export interface SettleConfig {
  /** Virtual milliseconds a CreateAccount request stays IN_PROGRESS. */
  createAccountMs: number;
  /** DescribeCreateAccountStatus calls that still answer IN_PROGRESS before the request may settle. */
  createAccountPolls: number;
  /** Identity Center assignment and provisioning status calls that still answer IN_PROGRESS. */
  identityCenterPolls: number;
  /** Virtual milliseconds an Identity Center request stays IN_PROGRESS. */
  identityCenterMs: number;
}

export interface LatencyConfig {
  enabled: boolean;
  /** Median and 99th-percentile virtual latency per call (lognormal), in milliseconds. */
  p50Ms: number;
  p99Ms: number;
}

/**
 * Who may call (see signature.ts). Off by default: signatures are not checked and any access key acts as
 * principal.ts describes.
 */
export interface AuthConfig {
  /** Reject requests not signed (AWS Signature Version 4) by a key the sandbox issued or knows. */
  verifySignatures: boolean;
  /** With verification on: the access key id that acts as the default account's administrator. */
  adminAccessKeyId: string;
  /** The secret of the administrator key, and of every 12-digit access key id (that account's administrator). */
  adminSecretAccessKey: string;
}

export interface SandboxConfig {
  throttling: ThrottleConfig;
  settle: SettleConfig;
  latency: LatencyConfig;
  auth: AuthConfig;
}

export function defaultConfig(): SandboxConfig {
  return {
    throttling: { enabled: false, profile: 'documented', timeScale: 1 },
    settle: { createAccountMs: 0, createAccountPolls: 1, identityCenterPolls: 1, identityCenterMs: 0 },
    latency: { enabled: false, p50Ms: 60, p99Ms: 400 },
    auth: { verifySignatures: false, adminAccessKeyId: 'test', adminSecretAccessKey: 'test' },
  };
}

export interface ConfigPatch {
  throttling?: Partial<ThrottleConfig>;
  settle?: Partial<SettleConfig>;
  latency?: Partial<LatencyConfig>;
  auth?: Partial<AuthConfig>;
}

export function mergeConfig(base: SandboxConfig, patch: ConfigPatch): SandboxConfig {
  return {
    throttling: { ...base.throttling, ...patch.throttling },
    settle: { ...base.settle, ...patch.settle },
    latency: { ...base.latency, ...patch.latency },
    auth: { ...base.auth, ...patch.auth },
  };
}

/** Real milliseconds for a virtual duration under the time scale. */
export function realMs(virtualMs: number, config: SandboxConfig): number {
  return virtualMs / Math.max(config.throttling.timeScale, 1e-9);
}
