/** Resolving a QueueUrl and deciding whether the caller may act on the queue (policy-lock.ts). */
import { AwsError } from '../../errors.js';
import type { CallContext } from '../../service.js';
import { allowsAccount, locksEveryoneOut, UNLOCK_TASK_POLICY } from './policy-lock.js';
import { peekQueues, queueArn, type QueueState } from './state.js';

export const queueDoesNotExist = () =>
  new AwsError('QueueDoesNotExist', 'The specified queue does not exist.');

const URL_RE = /^https?:\/\/([^/]+)\/(\d{12})\/([^/?#]+)\/?$/;

export function findQueue(ctx: CallContext, url: string): QueueState | undefined {
  const match = URL_RE.exec(url);
  if (!match) return undefined;
  const [, host, accountId, name] = match as unknown as [string, string, string, string];
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] ?? ctx.region;
  return peekQueues(ctx.world.accounts[accountId], region)?.queues[name];
}

function denied(ctx: CallContext, action: string, queue: QueueState, why: string): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${ctx.caller.arn} is not authorized to perform: ${action.toLowerCase()} on resource: ${queueArn(queue)} ${why}`,
    { status: 403 },
  );
}

/** Checks the caller against the queue's policy for this call's action (`sqs:<Operation>`). */
export function authorize(ctx: CallContext, queue: QueueState): void {
  const action = `sqs:${ctx.operation}`;
  const policy = queue.attributes.Policy;
  const own = queue.accountId === ctx.caller.accountId;
  if (ctx.caller.kind === 'root-session') {
    // a root session acts in its own account only; there its unlock task policy passes the lock
    if (!own) throw denied(ctx, action, queue, 'because no session policy allows the action');
    if (ctx.caller.taskPolicyArn === UNLOCK_TASK_POLICY) return;
  }
  if (locksEveryoneOut(policy, action))
    throw denied(ctx, action, queue, 'with an explicit deny in a resource-based policy');
  if (!own && !allowsAccount(policy, ctx.caller.accountId, action))
    throw denied(ctx, action, queue, 'because no resource-based policy allows the action');
}

/** The queue a call names by URL, after the access check. */
export function requireQueue(ctx: CallContext, url: string): QueueState {
  const queue = findQueue(ctx, url);
  if (!queue) throw queueDoesNotExist();
  authorize(ctx, queue);
  return queue;
}
