/**
 * sts:AssumeRoot: a short session as the root user of a member account,
 * limited by one of the five root-task policies. Callable by IAM principals (not root, not a root
 * session) of the management account or of the IAM delegated administrator, once the organization has
 * the feature the task needs.
 */
import { optInt, optRecord, reqString } from '../../input.js';
import type { Handler } from '../../service.js';
import { accessDenied, validationError } from '../iam/common.js';
import { IAM_SERVICE_PRINCIPAL, isIamDelegatedAdmin } from '../iam/org-features.js';
import { organizationOf } from '../organizations/state.js';
import { TASK_POLICIES } from '../iam/task-policies.js';
import { mintSession } from './sessions.js';

const TARGET = /^(?:(\d{12})|arn:aws:iam::(\d{12}):root)$/;
export const ROOT_SESSION_MAX_SECONDS = 900;

export const assumeRoot: Handler = (ctx, input) => {
  const target = reqString(input, 'TargetPrincipal', { min: 12, max: 2048 });
  const taskPolicy = optRecord(input, 'TaskPolicyArn');
  const taskPolicyArn = reqString(taskPolicy ?? {}, 'arn', { min: 20, max: 2048 });
  const duration =
    optInt(input, 'DurationSeconds', { min: 0, max: ROOT_SESSION_MAX_SECONDS }) ?? ROOT_SESSION_MAX_SECONDS;
  const match = TARGET.exec(target);
  if (!match) throw validationError(`TargetPrincipal ${target} is not an account ID or an account root ARN.`);
  const targetId = match[1] ?? match[2]!;
  const task = TASK_POLICIES.get(taskPolicyArn);
  if (!task)
    throw validationError(
      `TaskPolicyArn ${taskPolicyArn} is not one of the AWS managed root-task policies (arn:aws:iam::aws:policy/root-task/...).`,
    );
  const caller = ctx.caller;
  const resource = `arn:aws:iam::${targetId}:root`;
  const notAuthorized = (reason: string) =>
    accessDenied(
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} (${reason})`,
    );
  if (caller.kind === 'root' || caller.kind === 'root-session')
    throw notAuthorized('root user credentials cannot call AssumeRoot');
  const org = organizationOf(ctx.world, caller.accountId);
  if (!org || (org.managementAccountId !== caller.accountId && !isIamDelegatedAdmin(org, caller.accountId)))
    throw notAuthorized('the caller is neither the management account nor the IAM delegated administrator');
  if (org.featureSet !== 'ALL' || !Object.hasOwn(org.trustedServices, IAM_SERVICE_PRINCIPAL))
    throw notAuthorized('centralized root access is not set up for the organization');
  if (!org.members[targetId] || targetId === org.managementAccountId)
    throw notAuthorized('the target is not a member account of the organization');
  if (!org.iamFeatures.includes(task.requiredFeature))
    throw notAuthorized(`${task.requiredFeature} is not enabled for the organization`);
  const credentials = mintSession(
    ctx,
    { kind: 'root-session', accountId: targetId, taskPolicyArn, sourceAccountId: caller.accountId },
    duration,
  );
  return { Credentials: credentials };
};
