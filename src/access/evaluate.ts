/**
 * IAM's policy evaluation, as AWS documents it, for one request: (principal, action, resource, context)
 * against the policies that apply to it. Pure and deterministic; the access commands and the sandbox use
 * this one evaluator.
 *
 * 1. An explicit Deny that applies, in any policy (SCPs, RCPs, resource policy, identity policies,
 *    permissions boundary, session policy), decides: ExplicitDeny.
 * 2. SCPs (the principal's account's chain, root → each OU → account): every level must allow. Not for
 *    the management account, nor for service-linked roles (the caller leaves `scps` out).
 * 3. RCPs (the resource's account's chain, for services that support them): every level must allow.
 * 4. Within one account: the identity policies allow (and, where set, the permissions boundary and the
 *    session policy allow too), or the resource policy grants the principal directly. Across accounts:
 *    both the identity side and the resource policy must allow.
 *
 * Every step is three-valued (tri.ts): a condition on a key orgward cannot know makes the decision
 * "Depends" on that key; an unspecified resource makes a narrower Resource element "depends on resource".
 */
import { evaluateConditions, type ContextLookup } from './conditions.js';
import { actionMatches, substitute, literalAwareMatch, arnParts } from './match.js';
import { statementLabel, type Policy, type PrincipalMap, type Statement } from './policy.js';
import { and, maybe, NO, not, or, YES, type Tri } from './tri.js';

export type PrincipalKind = 'user' | 'role' | 'root' | 'service-linked-role';

export interface RequestPrincipal {
  kind: PrincipalKind;
  accountId: string;
  /** The identity's ARN: user ARN, role ARN, `arn:aws:iam::<id>:root`. */
  arn: string;
  /** For a role: the session's ARN (`arn:aws:sts::<id>:assumed-role/<role>/<session>`), when known. */
  sessionArn?: string;
}

export interface EvaluationRequest {
  principal: RequestPrincipal;
  /** `service:Action`. */
  action: string;
  /** The resource ARN, or `*` for "some resource" (a narrower Resource element then depends on it). */
  resource: string;
  /** The account that owns the resource; undefined: the principal's own. */
  resourceAccountId?: string;
  context: ContextLookup;
}

/** One level of an SCP or RCP chain: the root, an OU, or the account, with the policies attached there. */
export interface PolicyLevel {
  target: string;
  policies: Policy[];
}

export interface PolicySet {
  identity: Policy[];
  /** Undefined: no permissions boundary. */
  boundary?: Policy;
  /** Undefined: no session policy. */
  session?: Policy;
  /** The principal's account's SCP chain; undefined where SCPs do not apply. */
  scps?: PolicyLevel[];
  /** The resource's account's RCP chain; undefined where RCPs do not apply. */
  rcps?: PolicyLevel[];
  /** The resource's own policy (bucket policy, key policy, a role's trust policy). */
  resource?: Policy;
  /**
   * A role's trust policy and a KMS key policy must name the principal (or its account) even within one
   * account: an identity-policy allow alone is not enough.
   */
  resourceMustAllow?: boolean;
}

export type Layer = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session';

export interface StatementHit {
  layer: Layer;
  /** For SCP and RCP levels: the root, OU or account the policy is attached to. */
  level?: string;
  policy: string;
  statement: string;
  effect: 'Allow' | 'Deny';
  /** Yes, or "depends on" keys. Statements that do not apply are left out. */
  applies: Tri;
}

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' | 'Depends';

export interface Decision {
  decision: DecisionKind;
  /** For Depends: the condition keys (and `resource`) the answer turns on. */
  dependsOn: string[];
  /** Every statement that applies or may apply, in evaluation order. */
  statements: StatementHit[];
  /** The layers that allow nothing for this request (an SCP level without an allow, no identity allow …). */
  missingAllow: Array<{ layer: Layer; level?: string }>;
}

const lookupCase = (context: ContextLookup) => (key: string) => context(key);

function resourceTri(patterns: string[], request: EvaluationRequest): Tri {
  const parts: Tri[] = [];
  for (const raw of patterns) {
    const value = substitute(raw, lookupCase(request.context));
    if (value.kind === 'unknown') {
      parts.push(maybe(value.key));
      continue;
    }
    if (value.kind === 'absent') continue;
    parts.push(resourceMatch(value.value, request));
    if (parts[parts.length - 1]!.kind === 'yes') return YES;
  }
  return parts.length ? or(...parts) : NO;
}

/** One Resource pattern against the request's resource; for an unspecified one, "depends on resource". */
function resourceMatch(pattern: string, request: EvaluationRequest): Tri {
  if (pattern === '*') return YES;
  if (request.resource !== '*') return literalAwareMatch(pattern, request.resource, false) ? YES : NO;
  const parts = arnParts(pattern);
  const account = request.resourceAccountId ?? request.principal.accountId;
  if (!parts) return NO;
  const service = request.action.split(':')[0]!.toLowerCase();
  if (!literalAwareMatch(parts[2]!, service, true) && parts[2] !== '') return NO;
  if (parts[4] !== '' && !literalAwareMatch(parts[4]!, account, false)) return NO;
  return maybe('resource');
}

/** The principal as a resource policy's Principal element can name it. */
function principalNames(p: RequestPrincipal): { direct: string[]; role: string[]; account: string[] } {
  const account = [p.accountId, `arn:aws:iam::${p.accountId}:root`];
  if (p.kind === 'role') return { direct: p.sessionArn ? [p.sessionArn] : [], role: [p.arn], account };
  return { direct: [p.arn], role: [], account };
}

type PrincipalMatch = 'direct' | 'role' | 'account' | 'none';

function principalMatch(map: PrincipalMap | undefined, p: RequestPrincipal): PrincipalMatch {
  if (map === undefined) return 'none';
  if (map === '*') return 'direct';
  const names = principalNames(p);
  const aws = map.AWS ?? [];
  if (aws.includes('*')) return 'direct';
  if (aws.some((a) => names.direct.includes(a))) return 'direct';
  if (aws.some((a) => names.role.includes(a))) return 'role';
  if (aws.some((a) => names.account.includes(a))) return 'account';
  return 'none';
}

/**
 * How a resource policy's statement names the principal. A Deny with NotPrincipal denies every principal
 * that has a permissions boundary, whatever NotPrincipal lists (AWS's documented exception).
 */
function statementPrincipal(s: Statement, p: RequestPrincipal, hasBoundary: boolean): PrincipalMatch {
  if (s.principal !== undefined) return principalMatch(s.principal, p);
  if (s.notPrincipal !== undefined) {
    if (s.effect === 'Deny' && hasBoundary) return 'direct';
    return principalMatch(s.notPrincipal, p) === 'none' ? 'direct' : 'none';
  }
  return 'direct';
}

/** Does the statement apply to the request (action, resource, conditions)? Principal is checked apart. */
export function statementApplies(s: Statement, request: EvaluationRequest): Tri {
  const actionHit = s.action
    ? s.action.some((a) => actionMatches(a, request.action))
    : !s.notAction!.some((a) => actionMatches(a, request.action));
  if (!actionHit) return NO;
  let resource: Tri = YES;
  if (s.resource) resource = resourceTri(s.resource, request);
  else if (s.notResource) resource = not(resourceTri(s.notResource, request));
  if (resource.kind === 'no') return NO;
  if (s.notResource && request.resource === '*' && !s.notResource.includes('*')) resource = maybe('resource');
  return and(resource, evaluateConditions(s.conditions, request.context));
}

interface PolicyVerdict {
  allow: Tri;
  deny: Tri;
}

function judge(
  policies: Policy[],
  request: EvaluationRequest,
  hits: StatementHit[],
  where: { layer: Layer; level?: string },
  principalFilter?: (s: Statement) => boolean,
): PolicyVerdict {
  const allows: Tri[] = [];
  const denies: Tri[] = [];
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (principalFilter && !principalFilter(s)) continue;
      const applies = statementApplies(s, request);
      if (applies.kind === 'no') continue;
      hits.push({ ...where, policy: policy.name, statement: statementLabel(s), effect: s.effect, applies });
      (s.effect === 'Allow' ? allows : denies).push(applies);
    }
  }
  return { allow: allows.length ? or(...allows) : NO, deny: denies.length ? or(...denies) : NO };
}

interface ChainVerdict {
  allow: Tri;
  deny: Tri;
  missing: Array<{ layer: Layer; level?: string }>;
}

function judgeChain(
  layer: 'scp' | 'rcp',
  levels: PolicyLevel[] | undefined,
  request: EvaluationRequest,
  hits: StatementHit[],
): ChainVerdict {
  if (!levels) return { allow: YES, deny: NO, missing: [] };
  const allows: Tri[] = [];
  const denies: Tri[] = [];
  const missing: ChainVerdict['missing'] = [];
  for (const level of levels) {
    if (level.policies.length === 0) continue;
    const verdict = judge(level.policies, request, hits, { layer, level: level.target });
    allows.push(verdict.allow);
    denies.push(verdict.deny);
    if (verdict.allow.kind === 'no') missing.push({ layer, level: level.target });
  }
  return { allow: and(...allows), deny: denies.length ? or(...denies) : NO, missing };
}

/** The resource policy's grants to this principal, split by how it names the principal. */
function resourceGrants(
  policy: Policy,
  request: EvaluationRequest,
  hits: StatementHit[],
  hasBoundary: boolean,
) {
  const by = (kinds: PrincipalMatch[]) => (s: Statement) =>
    kinds.includes(statementPrincipal(s, request.principal, hasBoundary));
  const quiet = (kinds: PrincipalMatch[]) => judge([policy], request, [], { layer: 'resource' }, by(kinds));
  const all = judge([policy], request, hits, { layer: 'resource' }, by(['direct', 'role', 'account']));
  return { direct: quiet(['direct']), role: quiet(['role']), account: quiet(['account']), deny: all.deny };
}

function combine(deny: Tri, allowed: Tri): Pick<Decision, 'decision' | 'dependsOn'> {
  if (deny.kind === 'yes') return { decision: 'ExplicitDeny', dependsOn: [] };
  if (allowed.kind === 'no') return { decision: 'ImplicitDeny', dependsOn: [] };
  if (deny.kind === 'no' && allowed.kind === 'yes') return { decision: 'Allow', dependsOn: [] };
  const keys = [deny, allowed].flatMap((t) => (t.kind === 'maybe' ? t.keys : []));
  return { decision: 'Depends', dependsOn: [...new Set(keys)].sort() };
}

export function evaluate(request: EvaluationRequest, policies: PolicySet): Decision {
  const hits: StatementHit[] = [];
  const scp = judgeChain('scp', policies.scps, request, hits);
  const rcp = judgeChain('rcp', policies.rcps, request, hits);
  const grants = policies.resource
    ? resourceGrants(policies.resource, request, hits, policies.boundary !== undefined)
    : undefined;
  const identity = judge(policies.identity, request, hits, { layer: 'identity' });
  const boundary = policies.boundary
    ? judge([policies.boundary], request, hits, { layer: 'boundary' })
    : { allow: YES, deny: NO };
  const session = policies.session
    ? judge([policies.session], request, hits, { layer: 'session' })
    : { allow: YES, deny: NO };

  const denyAll = or(scp.deny, rcp.deny, grants?.deny ?? NO, identity.deny, boundary.deny, session.deny);
  const identityPath = and(identity.allow, boundary.allow, session.allow);
  const sameAccount =
    request.resourceAccountId === undefined || request.resourceAccountId === request.principal.accountId;
  let path: Tri;
  if (sameAccount) {
    // A grant naming the user or the session itself is not limited by a boundary or a session policy.
    const direct = grants ? grants.direct.allow : NO;
    const viaRole = grants ? and(grants.role.allow, boundary.allow, session.allow) : NO;
    path = policies.resourceMustAllow
      ? or(direct, viaRole, grants ? and(grants.account.allow, identityPath) : NO)
      : or(identityPath, direct, viaRole);
  } else {
    const any = grants ? or(grants.direct.allow, grants.role.allow, grants.account.allow) : NO;
    path = and(identityPath, any);
  }
  const allowed = and(scp.allow, rcp.allow, path);
  const missing = [...scp.missing, ...rcp.missing];
  if (identity.allow.kind === 'no') missing.push({ layer: 'identity' });
  if (boundary.allow.kind === 'no') missing.push({ layer: 'boundary' });
  if (session.allow.kind === 'no') missing.push({ layer: 'session' });
  if (grants && !sameAccount && path.kind === 'no' && identityPath.kind !== 'no')
    missing.push({ layer: 'resource' });
  return { ...combine(denyAll, allowed), statements: hits, missingAllow: missing };
}
