/**
 * The conformance corpus: requests and policy documents with the decision AWS documents for them. Each case
 * names the documentation page its expectation comes from. A case whose expectation the evaluator does not
 * meet carries `knownBug` (one line: what differs) and runs as an expected failure.
 */
import type { ContextValues } from '../context.js';
import type { DecisionKind, RequestPrincipal } from '../evaluate.js';

export interface CorpusRequest {
  /** Default: {@link ALICE}. */
  principal?: RequestPrincipal;
  action: string;
  /** Default: `*` (unspecified resource). */
  resource?: string;
  resourceAccountId?: string;
  /** Default: `{}`: every key not listed is unknown. */
  context?: ContextValues;
  /** Every key not listed is known to be absent. */
  closed?: boolean;
}

export interface CorpusLevel {
  target: string;
  policies: unknown[];
}

export interface CorpusPolicies {
  identity?: unknown[];
  boundary?: unknown;
  session?: unknown;
  scps?: CorpusLevel[];
  rcps?: CorpusLevel[];
  resource?: unknown;
  /** A role's trust policy or a KMS key policy: it must allow even within one account. */
  resourceMustAllow?: boolean;
}

export interface CorpusCase {
  name: string;
  /** The AWS documentation page (and section) the expected decision comes from. */
  source: string;
  request: CorpusRequest;
  policies: CorpusPolicies;
  expect: DecisionKind;
  dependsOn?: string[];
  /** Set when the evaluator disagrees with the documentation: what is wrong. */
  knownBug?: string;
}

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

export const ALICE: RequestPrincipal = {
  kind: 'user',
  accountId: ACCOUNT_A,
  arn: `arn:aws:iam::${ACCOUNT_A}:user/alice`,
};
export const BOB: RequestPrincipal = {
  kind: 'user',
  accountId: ACCOUNT_A,
  arn: `arn:aws:iam::${ACCOUNT_A}:user/bob`,
};
export const ROLE: RequestPrincipal = {
  kind: 'role',
  accountId: ACCOUNT_A,
  arn: `arn:aws:iam::${ACCOUNT_A}:role/App`,
  sessionArn: `arn:aws:sts::${ACCOUNT_A}:assumed-role/App/s1`,
};
/** A user in the other account (B), for cross-account requests to resources in A. */
export const CAROL_B: RequestPrincipal = {
  kind: 'user',
  accountId: ACCOUNT_B,
  arn: `arn:aws:iam::${ACCOUNT_B}:user/carol`,
};

export const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

type Action = string | string[];
type Condition = Record<string, Record<string, string | string[]>>;

export const allow = (Action: Action, Resource: Action = '*', Condition?: Condition) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
export const deny = (Action: Action, Resource: Action = '*', Condition?: Condition) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
/** A resource-policy statement: `allow`/`deny` with a Principal. */
export const grant = (Principal: unknown, Action: Action, Resource: Action = '*', Condition?: Condition) => ({
  Effect: 'Allow',
  Principal,
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
export const refuse = (
  Principal: unknown,
  Action: Action,
  Resource: Action = '*',
  Condition?: Condition,
) => ({
  Effect: 'Deny',
  Principal,
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

export const ADMIN = doc(allow('*'));
export const FULL_ACCESS = doc(allow('*'));

const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';
export const IAM_DOC = (page: string) => `${DOCS}${page}`;
export const ORGS_DOC = (page: string) =>
  `https://docs.aws.amazon.com/organizations/latest/userguide/${page}`;

/**
 * A one-condition case: an identity policy allowing `s3:GetObject` on anything when the condition holds,
 * and a request carrying `context` (closed unless `open` is set).
 */
export function conditionCase(
  name: string,
  source: string,
  condition: Condition,
  context: ContextValues,
  expect: DecisionKind,
  extra: Partial<CorpusCase> = {},
): CorpusCase {
  return {
    name,
    source,
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context, closed: true },
    policies: { identity: [doc(allow('s3:GetObject', '*', condition))] },
    expect,
    ...extra,
  };
}
