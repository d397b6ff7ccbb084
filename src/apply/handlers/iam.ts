/**
 * Customer-managed policies in member accounts, written through the member role. Idempotent: the
 * policy is created when missing, given the file's document as a new default version when it differs,
 * and left alone when it matches, so a run after an interruption repeats nothing.
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  ListPolicyVersionsCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AwsCallError, OrgwardError } from '../../errors/index.js';
import type { Operation } from '../../plan/operations.js';
import { sameJson } from '../../util/json.js';
import { customerPolicyArn, readDefaultVersion } from '../../read/account-policies.js';
import { isEntityAlreadyExists } from '../../aws/errors.js';
import type { ApplyContext, Handlers } from '../context.js';

type PutAccountPolicy = Extract<Operation, { kind: 'put-account-policy' }>;

/** IAM keeps at most five versions of a managed policy. */
const MAX_VERSIONS = 5;
/** A new account's role can take a little while to be assumable; waits between tries, in ms. */
const NEW_ACCOUNT_WAITS = [2_000, 4_000, 8_000, 16_000];

/** Makes room for a new version: deletes the oldest that is not the default when all five are used. */
async function makeRoom(iam: IAMClient, arn: string): Promise<void> {
  const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
  if (versions.length < MAX_VERSIONS) return;
  const oldest = versions
    .filter((v) => !v.IsDefaultVersion)
    .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0];
  if (oldest?.VersionId)
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest.VersionId }));
}

async function putAccountPolicy(op: PutAccountPolicy, ctx: ApplyContext): Promise<void> {
  const accountId = ctx.resolver.account(op.account);
  const factory = op.via === 'caller' ? ctx.factory : ctx.factory.assumeRole(accountId, op.via.roleName);
  const iam = factory.iam();
  const arn = customerPolicyArn(accountId, op.path, op.name);
  // An account created by this plan: its role may not be assumable for some seconds yet.
  const waits = op.account.id ? [] : NEW_ACCOUNT_WAITS;
  const first = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const wait = waits[attempt];
        if (wait === undefined || !assumeFailed(error)) throw explain(error, op, accountId);
        await ctx.sleep(wait);
      }
    }
  };
  const create = () =>
    iam.send(
      new CreatePolicyCommand({
        PolicyName: op.name,
        Path: op.path,
        PolicyDocument: op.document,
        ...(op.description ? { Description: op.description } : {}),
      }),
    );
  // The plan saw no policy: create it straight away (no read); one made meanwhile is compared below.
  if (op.impact === 'create' && (await first(create).then(() => true, alreadyExists))) return;
  const have = await first(() => readDefaultVersion(iam, arn));
  if (have && sameJson(have.document, op.document)) return;
  if (!have && (await create().then(() => true, alreadyExists))) return;
  await makeRoom(iam, arn);
  await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: op.document, SetAsDefault: true }),
  );
}

/** False for IAM's EntityAlreadyExists (the policy is there: go on to compare it); rethrows the rest. */
function alreadyExists(error: unknown): false {
  if (isEntityAlreadyExists(error)) return false;
  throw error;
}

function assumeFailed(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError && error.operation === 'AssumeRole';
}

/** A role that could not be assumed: say which role in which account, and what to check. */
function explain(error: unknown, op: PutAccountPolicy, accountId: string): unknown {
  if (op.via === 'caller' || !assumeFailed(error)) return error;
  return new OrgwardError('ACCOUNT_UNREACHABLE', error.message, {
    source: 'aws',
    hint: `orgward writes ${op.name} in ${op.account.name} (${accountId}) through the role ${op.via.roleName}: make sure it exists there and trusts the caller, or set identityCenter.memberRoleName`,
    cause: error,
  });
}

export const iamHandlers: Handlers = {
  'put-account-policy': putAccountPolicy,
};
