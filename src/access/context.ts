/**
 * The request context: the condition keys a request carries. Keys are case-insensitive. A key listed
 * with a value is known; a key listed as `null` is known to be absent; any other key is unknown, and a
 * condition on it makes the answer "depends on <key>" — unless the context is closed (the sandbox, which
 * knows every key a request it serves has), where an unlisted key is absent.
 */
import type { ContextLookup } from './conditions.js';

export type ContextValues = Record<string, string | string[] | null>;

export interface ContextOptions {
  /** Every key not listed is absent (the sandbox). */
  closed?: boolean;
  /** Keys under these prefixes that are not listed are absent (`aws:PrincipalTag/` when the tags are known). */
  closedPrefixes?: string[];
}

export function contextLookup(values: ContextValues, options: ContextOptions = {}): ContextLookup {
  const prefixes = (options.closedPrefixes ?? []).map((p) => p.toLowerCase());
  const map = new Map<string, string[] | null>();
  for (const [key, value] of Object.entries(values))
    map.set(key.toLowerCase(), value === null ? null : Array.isArray(value) ? value : [value]);
  return (key: string) => {
    const lower = key.toLowerCase();
    if (map.has(lower)) return map.get(lower)!;
    if (options.closed || prefixes.some((p) => lower.startsWith(p))) return null;
    return undefined;
  };
}

/** What orgward knows of a principal in an organization, as the `aws:Principal*` keys. */
export interface PrincipalFacts {
  arn: string;
  accountId: string;
  type: 'User' | 'AssumedRole' | 'Account' | 'FederatedUser';
  /** `aws:userid`: `AIDA…` for a user, `AROA…:<session>` for a role session; undefined when unknown. */
  userId?: string;
  /** `aws:username`, for IAM users only. */
  userName?: string;
  organizationId?: string;
  /** `o-xxx/r-xxx/ou-xxx/…/` path(s) of the account. */
  orgPaths?: string[];
  /** Tags of the principal (`aws:PrincipalTag/<key>`), when they are known; undefined: unknown. */
  tags?: Record<string, string>;
}

/** The principal keys, known from the organization model. Tags orgward does not know stay unknown. */
export function principalContext(p: PrincipalFacts): ContextValues {
  const values: ContextValues = {
    'aws:PrincipalArn': p.arn,
    'aws:PrincipalAccount': p.accountId,
    'aws:PrincipalType': p.type,
    'aws:PrincipalIsAWSService': 'false',
    'aws:PrincipalServiceName': null,
    'aws:username': p.userName ?? null,
    'aws:PrincipalOrgID': p.organizationId ?? null,
    'aws:PrincipalOrgPaths': p.orgPaths ?? null,
  };
  if (p.userId !== undefined) values['aws:userid'] = p.userId;
  if (p.tags) {
    for (const [key, value] of Object.entries(p.tags)) values[`aws:PrincipalTag/${key}`] = value;
  }
  return values;
}
