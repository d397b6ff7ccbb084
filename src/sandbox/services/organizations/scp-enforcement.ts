/**
 * Service control policies, enforced: the organizations service's `checkCall` hook, which the core runs
 * before every call to any service the sandbox serves. A caller whose account is a member (not the
 * management account) of an organization with all features and SCPs enabled is held to the SCP chain of
 * its account (root → each OU → the account), evaluated by the one policy evaluator (src/access) for the
 * action `<IAM prefix>:<IAM action>` on resource `*`, with a closed context.
 *
 * Passes: service-linked role sessions, `sts:GetCallerIdentity`, and calls whose decision is `Depends`
 * (an SCP statement with a narrower `Resource` than `*`: the hook does not know the call's resource).
 * See SPEC.md, "Service control policies".
 */
import { contextLookup } from '../../../access/context.js';
import { evaluate, type Decision } from '../../../access/evaluate.js';
import { AwsError } from '../../errors.js';
import type { Caller } from '../../principal.js';
import type { CheckedCall, ServiceDefinition } from '../../service.js';
import {
  allowEverything,
  isServiceLinkedRole,
  requestContextOf,
  requestPrincipalOf,
  scpChainOf,
} from '../../shared/caller-access.js';

/**
 * IAM service prefixes that differ from the SigV4 signing name. For every service the sandbox serves the
 * two agree (`sso`, `identitystore`, `access-analyzer`, `elasticloadbalancing`, ...); a service whose
 * prefix differs (CloudWatch's `monitoring` → `cloudwatch`, SES's `email` → `ses`) adds itself here.
 */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch', email: 'ses' };

/** IAM action names that differ from the operation name, by sandbox service name and operation. */
const ACTION_ALIASES: Record<string, Record<string, string>> = {
  s3: {
    ListBuckets: 'ListAllMyBuckets',
    HeadBucket: 'ListBucket',
    ListObjects: 'ListBucket',
    ListObjectsV2: 'ListBucket',
    HeadObject: 'GetObject',
    CopyObject: 'PutObject',
    DeleteObjects: 'DeleteObject',
    CreateMultipartUpload: 'PutObject',
    UploadPart: 'PutObject',
    CompleteMultipartUpload: 'PutObject',
    GetBucketEncryption: 'GetEncryptionConfiguration',
    PutBucketEncryption: 'PutEncryptionConfiguration',
    DeleteBucketEncryption: 'PutEncryptionConfiguration',
    GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
    PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
    DeleteBucketLifecycle: 'PutLifecycleConfiguration',
    DeleteBucketTagging: 'PutBucketTagging',
    GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
    PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
    DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
    GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
    PutObjectLockConfiguration: 'PutBucketObjectLockConfiguration',
  },
  s3control: {
    GetPublicAccessBlock: 'GetAccountPublicAccessBlock',
    PutPublicAccessBlock: 'PutAccountPublicAccessBlock',
    DeletePublicAccessBlock: 'PutAccountPublicAccessBlock',
  },
  lambda: { Invoke: 'InvokeFunction' },
};

/** The IAM action a call is authorized as: `<IAM prefix>:<action>`. */
export function iamActionOf(service: Pick<ServiceDefinition, 'name' | 'signingName'>, operation: string) {
  const prefix = IAM_PREFIX[service.signingName] ?? service.signingName;
  return `${prefix}:${ACTION_ALIASES[service.name]?.[operation] ?? operation}`;
}

/** AccessDenied as the protocol spells it: `AccessDenied` for query and XML services, `...Exception` for JSON. */
function accessDenied(service: ServiceDefinition, message: string): AwsError {
  const json = service.protocol.startsWith('awsJson') || service.protocol === 'restJson1';
  return new AwsError(json ? 'AccessDeniedException' : 'AccessDenied', message, { status: 403 });
}

/** AWS's message for a call an SCP refuses. */
export function scpDenialMessage(caller: Pick<Caller, 'arn'>, action: string, decision: Decision): string {
  return decision.decision === 'ExplicitDeny'
    ? `User: ${caller.arn} is not authorized to perform: ${action} with an explicit deny in a service control policy`
    : `User: ${caller.arn} is not authorized to perform: ${action} because no service control policy allows the ${action} action`;
}

/**
 * The SCP decision for a caller's action (resource `*` unless given); undefined where SCPs do not apply
 * (no organization with SCPs enabled, the management account, a service-linked role).
 */
export function scpDecision(
  call: Pick<CheckedCall, 'caller' | 'world' | 'region' | 'now'>,
  action: string,
  resource = '*',
  resourceAccountId?: string,
): Decision | undefined {
  const { caller, world } = call;
  const scps = scpChainOf(world, caller.accountId);
  if (!scps || isServiceLinkedRole(world, caller)) return undefined;
  try {
    return evaluate(
      {
        principal: requestPrincipalOf(world, caller),
        action,
        resource,
        resourceAccountId,
        context: contextLookup(requestContextOf(world, caller, call.region, call.now), { closed: true }),
      },
      { identity: [allowEverything()], scps },
    );
  } catch {
    // An SCP with a condition operator IAM does not document (Organizations would have refused it).
    return undefined;
  }
}

/** The organizations service's `checkCall` hook: refuses a member account's call its SCPs deny. */
export function enforceServiceControlPolicies(call: CheckedCall): void {
  const { service, operation, caller } = call;
  if (service.name === 'sts' && operation === 'GetCallerIdentity') return;
  const action = iamActionOf(service, operation);
  const decision = scpDecision(call, action);
  if (!decision || decision.decision === 'Allow' || decision.decision === 'Depends') return;
  throw accessDenied(service, scpDenialMessage(caller, action, decision));
}
