/**
 * What the sandbox knows of a caller, in the terms of the policy evaluator (src/access): the principal as
 * a policy names it, its identity policies and permissions boundary from the account's IAM state, its
 * organization's SCP chain, and the request context keys. Everything here is known to the sandbox, so
 * callers build a closed context (`contextLookup(values, {closed: true})`): a key not listed is absent.
 *
 * Used by sts:AssumeRole (the trust policy) and by the organizations service's SCP hook.
 */
import { principalContext, type ContextValues, type PrincipalFacts } from '../../access/context.js';
import type { PolicyLevel, PolicySet, RequestPrincipal } from '../../access/evaluate.js';
import { parsePolicy, type Policy } from '../../access/policy.js';
import type { Caller } from '../principal.js';
import { findPolicy } from '../services/iam/policies.js';
import type { RoleState, UserState } from '../services/iam/state.js';
import { organizationOf, type OrganizationState, type Tag } from '../services/organizations/state.js';
import type { World } from '../world.js';

/** The path AWS gives service-linked roles; SCPs do not apply to them. */
export const SERVICE_LINKED_ROLE_PATH = '/aws-service-role/';

const ALLOW_EVERYTHING = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

const parsed = new Map<string, Policy>();
const NOTHING: Omit<Policy, 'name'> = { statements: [] };

/**
 * A stored document as the evaluator reads it (cached by name and text). A document that is not a policy
 * (IAM and Organizations validate on the way in, so only a hand-written world can hold one) grants nothing.
 */
export function policyOf(name: string, document: string): Policy {
  const key = `${name}\u0000${document}`;
  let policy = parsed.get(key);
  if (!policy) {
    try {
      policy = parsePolicy(name, document);
    } catch {
      policy = { name, ...NOTHING };
    }
    if (parsed.size > 2000) parsed.clear();
    parsed.set(key, policy);
  }
  return policy;
}

/** The administrator's identity: every action on every resource. */
export const allowEverything = (name = 'sandbox administrator'): Policy => policyOf(name, ALLOW_EVERYTHING);

const iamArnOf = (accountId: string, kind: 'user' | 'role', path: string, name: string) =>
  `arn:aws:iam::${accountId}:${kind}${path}${name}`;

function userOf(world: World, caller: Caller): UserState | undefined {
  if (caller.kind !== 'user' || caller.userName === undefined) return undefined;
  return world.accounts[caller.accountId]?.iam?.users[caller.userName];
}

function roleOf(world: World, caller: Caller): RoleState | undefined {
  if (caller.kind !== 'role' || caller.roleName === undefined) return undefined;
  return world.accounts[caller.accountId]?.iam?.roles[caller.roleName];
}

/** Whether the caller is a session of a service-linked role (path `/aws-service-role/`). */
export function isServiceLinkedRole(world: World, caller: Caller): boolean {
  return roleOf(world, caller)?.path.startsWith(SERVICE_LINKED_ROLE_PATH) ?? false;
}

/** The caller as a policy's Principal element names it. */
export function requestPrincipalOf(world: World, caller: Caller): RequestPrincipal {
  const accountId = caller.accountId;
  if (caller.kind === 'root' || caller.kind === 'root-session')
    return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root` };
  if (caller.kind === 'role') {
    const role = roleOf(world, caller);
    const path = role?.path ?? '/';
    return {
      kind: path.startsWith(SERVICE_LINKED_ROLE_PATH) ? 'service-linked-role' : 'role',
      accountId,
      arn: iamArnOf(accountId, 'role', path, caller.roleName ?? ''),
      sessionArn: caller.arn,
    };
  }
  const user = userOf(world, caller);
  return {
    kind: 'user',
    accountId,
    arn: user ? iamArnOf(accountId, 'user', user.path, user.userName) : caller.arn,
  };
}

/** Every level of an account's organization, root first: the root, each OU down, the account. */
function lineageOf(org: OrganizationState, accountId: string): string[] {
  const member = org.members[accountId];
  if (!member) return [];
  const chain = [accountId];
  let parent: string | undefined = member.parentId;
  const seen = new Set<string>();
  while (parent && !seen.has(parent)) {
    seen.add(parent);
    chain.unshift(parent);
    parent = parent === org.root.id ? undefined : org.ous[parent]?.parentId;
  }
  return chain;
}

const tagMap = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));

/** The `aws:Principal*`, `aws:username` and `aws:userid` facts of the caller. */
export function principalFactsOf(world: World, caller: Caller): PrincipalFacts {
  const principal = requestPrincipalOf(world, caller);
  const org = organizationOf(world, caller.accountId);
  const lineage = org ? lineageOf(org, caller.accountId) : [];
  const facts: PrincipalFacts = {
    arn: principal.arn,
    accountId: caller.accountId,
    type: principal.kind === 'root' ? 'Account' : principal.kind === 'user' ? 'User' : 'AssumedRole',
    tags: {},
  };
  if (org && lineage.length > 0) {
    facts.organizationId = org.id;
    facts.orgPaths = [`${org.id}/${lineage.slice(0, -1).join('/')}/`];
  }
  if (caller.kind === 'user' || caller.kind === 'admin') {
    const user = userOf(world, caller);
    facts.userName = user?.userName ?? caller.userName;
    facts.userId = user?.userId ?? caller.userId;
    facts.tags = tagMap(user?.tags);
  } else if (caller.kind === 'role') {
    facts.userId = caller.userId;
    facts.tags = tagMap(roleOf(world, caller)?.tags);
  } else {
    facts.userId = caller.accountId;
  }
  return facts;
}

/**
 * The keys every request carries, as the sandbox knows them: the principal's, the region, the transport
 * (the sandbox serves plain HTTP only: `aws:SecureTransport` is `false`), the virtual clock. MFA is never
 * present: the sandbox mints no MFA sessions (no GetSessionToken), so the key is absent, as AWS leaves it
 * absent for long-term access keys. `aws:AssumedRoot` is `true` for sts:AssumeRoot sessions only.
 */
export function requestContextOf(world: World, caller: Caller, region: string, now: Date): ContextValues {
  return {
    ...principalContext(principalFactsOf(world, caller)),
    'aws:RequestedRegion': region,
    'aws:SecureTransport': 'false',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:MultiFactorAuthPresent': null,
    'aws:MultiFactorAuthAge': null,
    'aws:ViaAWSService': 'false',
    'aws:CalledVia': null,
    // `true` for a root session made by sts:AssumeRoot, absent otherwise (AWS's documentation of the key).
    'aws:AssumedRoot': caller.kind === 'root-session' ? 'true' : null,
  };
}

function managedPolicies(world: World, accountId: string, arns: readonly string[]): Policy[] {
  const account = world.accounts[accountId];
  const out: Policy[] = [];
  for (const arn of arns) {
    const found = account ? findPolicy(account, arn) : undefined;
    const version = found?.state.versions.find((v) => v.isDefault);
    if (version) out.push(policyOf(arn, version.document));
  }
  return out;
}

function inlinePolicies(owner: string, inline: Record<string, string>): Policy[] {
  return Object.entries(inline).map(([name, document]) => policyOf(`${owner} inline ${name}`, document));
}

function boundaryOf(world: World, accountId: string, arn: string | undefined): Policy | undefined {
  if (!arn) return undefined;
  // A boundary that names a policy that no longer exists allows nothing.
  return managedPolicies(world, accountId, [arn])[0] ?? { name: arn, ...NOTHING };
}

/**
 * The caller's identity policies and permissions boundary: everything for the administrator and the root
 * user; an IAM user's inline and attached policies and those of its groups; a role session's role's
 * inline and attached policies. Session policies are not recorded with sessions, so none is returned.
 */
export function identityPoliciesOf(world: World, caller: Caller): Pick<PolicySet, 'identity' | 'boundary'> {
  const accountId = caller.accountId;
  if (caller.kind === 'admin' || caller.kind === 'root' || caller.kind === 'root-session')
    return { identity: [allowEverything()] };
  const iam = world.accounts[accountId]?.iam;
  if (caller.kind === 'user') {
    const user = userOf(world, caller);
    if (!user) return { identity: [] };
    const identity = [
      ...inlinePolicies(`user/${user.userName}`, user.inlinePolicies),
      ...managedPolicies(world, accountId, user.attachedPolicies),
    ];
    for (const groupName of user.groups) {
      const group = iam?.groups[groupName];
      if (!group) continue;
      identity.push(
        ...inlinePolicies(`group/${group.groupName}`, group.inlinePolicies),
        ...managedPolicies(world, accountId, group.attachedPolicies),
      );
    }
    const boundary = boundaryOf(world, accountId, user.permissionsBoundary);
    return boundary ? { identity, boundary } : { identity };
  }
  const role = roleOf(world, caller);
  if (!role) return { identity: [] };
  const identity = [
    ...inlinePolicies(`role/${role.roleName}`, role.inlinePolicies),
    ...managedPolicies(world, accountId, role.attachedPolicies),
  ];
  const boundary = boundaryOf(world, accountId, role.permissionsBoundary);
  return boundary ? { identity, boundary } : { identity };
}

/** FullAWSAccess where a hand-built world attaches it without listing it among the organization's policies. */
const AWS_SCPS: Record<string, { name: string; type: string; content: string } | undefined> = {
  'p-FullAWSAccess': { name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', content: ALLOW_EVERYTHING },
};

/**
 * The SCP chain that applies to a caller's account: root → each OU → the account, with the SCPs attached
 * at each level. Undefined where SCPs do not apply: no organization, not all features, SCPs not enabled on
 * the root, or the organization's management account.
 */
export function scpChainOf(world: World, accountId: string): PolicyLevel[] | undefined {
  const org = organizationOf(world, accountId);
  if (!org || org.featureSet !== 'ALL' || org.managementAccountId === accountId) return undefined;
  if (!org.root.policyTypes.includes('SERVICE_CONTROL_POLICY')) return undefined;
  const lineage = lineageOf(org, accountId);
  if (lineage.length === 0) return undefined;
  return lineage.map((target) => ({
    target,
    policies: (org.attachments[target] ?? []).flatMap((id) => {
      const policy = org.policies[id] ?? AWS_SCPS[id];
      return policy && policy.type === 'SERVICE_CONTROL_POLICY'
        ? [policyOf(`SCP ${policy.name}`, policy.content)]
        : [];
    }),
  }));
}
