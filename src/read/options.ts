/** How a read runs: bounded concurrency and progress events (the CLI draws them). */
export interface ReadProgress {
  phase: string;
  done: number;
  /** Undefined where the total is not known in advance (walking the tree). */
  total: number | undefined;
}

export interface ReadOptions {
  /** Requests in flight per phase; AWS's rate limits are kept by the client-side limiter anyway. */
  concurrency?: number;
  onProgress?: (progress: ReadProgress) => void;
  /**
   * Read Identity Center assignments (and provisioning) of these accounts only: the snapshot lists
   * nobody else's. For a reader that looks at a few accounts (a transfer) in a large organization.
   */
  assignmentsOf?: readonly string[];
  /**
   * false: the organization only, Identity Center not read (the snapshot's `identityCenter` is null).
   * For checks that compare the organization part alone (a saved plan that changes nothing in
   * Identity Center).
   */
  identityCenter?: boolean;
}
