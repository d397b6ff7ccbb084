/**
 * May this caller assume this role? The one policy evaluator (src/access) decides `sts:AssumeRole` on the
 * role's ARN with the role's trust policy as the resource policy, the caller's identity policies and
 * permissions boundary (the administrator's and the root user's identity allow everything), the caller
 * account's SCP chain, and a closed context of what the sandbox knows about the request (SPEC.md,
 * "AssumeRole"). Same account: the trust policy naming the caller (user, role or session ARN) suffices;
 * naming its account delegates to the identity policies. Across accounts both must allow. Unlike other
 * resource policies, a trust policy is never optional: identity policies alone do not let a principal
 * assume a role whose trust policy does not name it (or its account), even in the role's own account.
 */
import { contextLookup, type ContextValues } from '../../../access/context.js';
import { evaluate, type Decision } from '../../../access/evaluate.js';
import type { CallContext } from '../../service.js';
import {
  identityPoliciesOf,
  isServiceLinkedRole,
  policyOf,
  requestContextOf,
  requestPrincipalOf,
  scpChainOf,
} from '../../shared/caller-access.js';
import type { RoleState } from '../iam/state.js';

export interface AssumeRoleRequest {
  /** The role's ARN as the caller named it (path included). */
  roleArn: string;
  /** The account the role is in. */
  accountId: string;
  role: RoleState;
  sessionName: string;
  externalId?: string;
  sourceIdentity?: string;
  tags: ReadonlyArray<{ Key: string; Value: string }>;
  /** `TransitiveTagKeys` as requested. */
  transitiveTagKeys?: string[];
}

/** The request's condition keys: the caller's and the request's, every other key absent. */
export function assumeRoleContext(ctx: CallContext, request: AssumeRoleRequest): ContextValues {
  const values: ContextValues = {
    ...requestContextOf(ctx.world, ctx.caller, ctx.region, ctx.now),
    'sts:RoleSessionName': request.sessionName,
    'sts:ExternalId': request.externalId ?? null,
    'sts:SourceIdentity': request.sourceIdentity ?? null,
    // The source identity already on the caller's session: the sandbox records none.
    'aws:SourceIdentity': null,
    'aws:TagKeys': request.tags.length ? request.tags.map((t) => t.Key) : null,
    'sts:TransitiveTagKeys': request.transitiveTagKeys?.length ? request.transitiveTagKeys : null,
  };
  for (const tag of request.tags) values[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return values;
}

const NOT_TRUSTED: Decision = { decision: 'ImplicitDeny', dependsOn: [], statements: [], missingAllow: [] };

export function assumeRoleDecision(ctx: CallContext, request: AssumeRoleRequest): Decision {
  const { world, caller } = ctx;
  const scps = isServiceLinkedRole(world, caller) ? undefined : scpChainOf(world, caller.accountId);
  const trust = policyOf(
    `trust policy of role/${request.role.roleName}`,
    request.role.assumeRolePolicyDocument,
  );
  try {
    return evaluate(
      {
        principal: requestPrincipalOf(world, caller),
        action: 'sts:AssumeRole',
        resource: request.roleArn,
        resourceAccountId: request.accountId,
        context: contextLookup(assumeRoleContext(ctx, request), { closed: true }),
      },
      {
        ...identityPoliciesOf(world, caller),
        ...(scps ? { scps } : {}),
        resource: trust,
        resourceMustAllow: true,
      },
    );
  } catch {
    // A condition operator IAM does not document: the statement cannot be honoured, so nothing is granted.
    return NOT_TRUSTED;
  }
}
