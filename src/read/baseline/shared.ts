/** What the baseline readers share: sessions in named accounts, and reads that may find nothing. */
import type { ClientFactory } from '../../aws/clients.js';
import { AwsCallError, OrgwardError } from '../../errors/index.js';
import type { BaselineState, DesiredBaseline } from '../../model/baseline.js';
import type { OrgSnapshot } from '../../model/snapshot.js';

export interface BaselineReadContext {
  factory: ClientFactory;
  snapshot: OrgSnapshot;
  baseline: DesiredBaseline;
  state: BaselineState;
  /** The factory acting in an account (by id): the caller's own, or through the member role. */
  inAccount(accountId: string): ClientFactory;
  /** An account of the snapshot by name or id; undefined when it does not exist yet. */
  accountId(nameOrId: string): string | undefined;
}

/** Sessions by account: the caller's own credentials in its own account, else the member role (made once). */
export function memberSessions(
  factory: ClientFactory,
  callerAccountId: string,
  roleName: string,
): (accountId: string) => ClientFactory {
  const sessions = new Map<string, ClientFactory>();
  return (accountId) => {
    if (accountId === callerAccountId) return factory;
    let session = sessions.get(accountId);
    if (!session) {
      session = factory.assumeRole(accountId, roleName);
      sessions.set(accountId, session);
    }
    return session;
  };
}

export function baselineReadContext(
  factory: ClientFactory,
  snapshot: OrgSnapshot,
  baseline: DesiredBaseline,
  state: BaselineState,
  callerAccountId: string,
): BaselineReadContext {
  const byName = new Map(snapshot.accounts.map((a) => [a.name, a.id]));
  const ids = new Set(snapshot.accounts.map((a) => a.id));
  return {
    factory,
    snapshot,
    baseline,
    state,
    inAccount: memberSessions(factory, callerAccountId, baseline.memberRoleName),
    accountId: (ref) => (ids.has(ref) ? ref : byName.get(ref)),
  };
}

/** The value, or null when AWS answers one of `absent` (a code pattern). */
export async function orNull<T>(fn: () => Promise<T>, absent: RegExp): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AwsCallError && absent.test(error.awsCode)) return null;
    throw error;
  }
}

/**
 * Runs one part's read; an AWS refusal (or a role that cannot be assumed) is recorded under `part` in
 * `unreadable` and the part stays empty: the planner proposes the writes and says it could not read.
 */
export async function readPart(state: BaselineState, part: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof OrgwardError)) throw error;
    state.unreadable[part] = error.message;
  }
}

export { allPages } from '../audit/got.js';
