/**
 * Customer-managed policies in member accounts, between the reader and the planner: which ones to read
 * (decided by the planner from the file), and what the read found.
 */

/** The policies to read: account id → the declared policies (name and path) it must hold. */
export interface AccountPolicyReads {
  accounts: ReadonlyMap<string, ReadonlyArray<{ name: string; path: string }>>;
  /** The role assumed in each member account to read them. */
  memberRoleName: string;
  /** The caller's own account, read with the caller's credentials. */
  callerAccountId: string;
}

/** What the planner learnt of the policies in member accounts (read by `read/account-policies`). */
export interface AccountPolicyState {
  /** `accountId|name` → the default version's document, or null when the account has no such policy. */
  documents: Record<string, string | null>;
  /** Account id → why its policies could not be read (the role could not be assumed, access denied). */
  unreadable: Record<string, string>;
}

export const accountPolicyKey = (accountId: string, name: string) => `${accountId}|${name}`;
