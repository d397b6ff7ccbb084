/**
 * sts:AssumeRole: the role must exist in its account and the policy evaluator must allow the call (the
 * trust policy, the caller's identity policies and SCPs: trust.ts); the session acts inside the role's
 * account. Durations: 900 s up to the role's MaxSessionDuration, at most one hour when a role
 * session assumes another role (role chaining).
 */
import { AwsError } from '../../errors.js';
import { optInt, optString, reqString, stringList, tagList } from '../../input.js';
import type { Handler } from '../../service.js';
import { accessDenied, roleArn, validationError } from '../iam/common.js';
import { parsePolicyDocument, policySize } from '../iam/policy-documents.js';
import { mintSession } from './sessions.js';
import { assumeRoleDecision } from './trust.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]+\/)?)?([\w+=,.@-]+)$/;
const SESSION_NAME = { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ };
const CHAINED_SESSION_LIMIT = 3600;
/** The packed (compressed) session policy limit: PackedPolicySize is the percentage of it used. */
const PACKED_POLICY_LIMIT = 2048;

function packedPolicySize(policy: string | undefined, tags: number): number | undefined {
  if (policy === undefined && tags === 0) return undefined;
  const size = Math.ceil(((policy ? policySize(policy) : 0) / PACKED_POLICY_LIMIT) * 100) + tags;
  if (size > 100)
    throw new AwsError(
      'PackedPolicyTooLarge',
      `Packed size of session policy and tags is ${size}% of the limit.`,
      {
        status: 400,
      },
    );
  return size;
}

export const assumeRole: Handler = (ctx, input) => {
  const arn = reqString(input, 'RoleArn', { min: 20, max: 2048 });
  const sessionName = reqString(input, 'RoleSessionName', SESSION_NAME);
  const requested = optInt(input, 'DurationSeconds', { min: 900, max: 43200 });
  const policy = optString(input, 'Policy', { min: 1 });
  const sourceIdentity = optString(input, 'SourceIdentity', SESSION_NAME);
  const externalId = optString(input, 'ExternalId', { min: 2, max: 1224 });
  const tags = tagList(input);
  const transitiveTagKeys = stringList(input, 'TransitiveTagKeys');
  const match = ROLE_ARN.exec(arn);
  if (!match) throw validationError(`${arn} is invalid`);
  const [, accountId, , roleName] = match as unknown as [string, string, string | undefined, string];
  const caller = ctx.caller;
  if (caller.kind === 'root' || caller.kind === 'root-session')
    throw accessDenied('Roles may not be assumed by root accounts.');
  const notAuthorized = accessDenied(
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
  );
  const role = ctx.world.accounts[accountId]?.iam.roles[roleName];
  if (!role || roleArn(accountId, role) !== arn) throw notAuthorized;
  const decision = assumeRoleDecision(ctx, {
    roleArn: arn,
    accountId,
    role,
    sessionName,
    externalId,
    sourceIdentity,
    tags,
    transitiveTagKeys,
  });
  if (decision.decision !== 'Allow') throw notAuthorized;
  const duration = requested ?? 3600;
  if (duration > role.maxSessionDuration)
    throw validationError(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  if (caller.kind === 'role' && duration > CHAINED_SESSION_LIMIT)
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  if (policy !== undefined) parsePolicyDocument(policy, 'session');
  const packed = packedPolicySize(policy, tags.length);
  role.lastUsed = { date: ctx.now.toISOString(), region: ctx.region };
  const credentials = mintSession(
    ctx,
    {
      kind: 'role',
      accountId,
      roleName: role.roleName,
      roleId: role.roleId,
      sessionName,
      sourceAccountId: caller.accountId,
    },
    duration,
  );
  return {
    Credentials: credentials,
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${sessionName}`,
    },
    PackedPolicySize: packed,
    SourceIdentity: sourceIdentity,
  };
};
