/**
 * CreateAccount is asynchronous: AWS answers IN_PROGRESS and the caller polls
 * DescribeCreateAccountStatus until SUCCEEDED or FAILED (typically a minute or two on AWS).
 */
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  type CreateAccountStatus,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { OrgwardError } from '../errors/index.js';
import { realSleep, type Sleep } from '../aws/rate-limiter.js';

export interface CreateAccountRequest {
  name: string;
  email: string;
  roleName?: string;
  tags?: Record<string, string>;
}

export interface PollOptions {
  sleep?: Sleep;
  /** First wait between polls; doubles up to `maxIntervalMs`. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  timeoutMs?: number;
}

/** Sends CreateAccount; answers AWS's request status (IN_PROGRESS, with its id). */
export async function startAccountCreation(
  client: OrganizationsClient,
  request: CreateAccountRequest,
): Promise<CreateAccountStatus> {
  const started = await client.send(
    new CreateAccountCommand({
      AccountName: request.name,
      Email: request.email,
      ...(request.roleName ? { RoleName: request.roleName } : {}),
      ...(request.tags ? { Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    }),
  );
  if (!started.CreateAccountStatus?.Id)
    throw new OrgwardError('AWS_BAD_ANSWER', 'CreateAccount answered without a request id', {
      source: 'aws',
    });
  return started.CreateAccountStatus;
}

/** The new account's id from a finished request, or the error that says why there is none. */
export function createdAccountId(
  request: Pick<CreateAccountRequest, 'name' | 'email'>,
  status: { State?: string; AccountId?: string; FailureReason?: string } | undefined,
): string {
  if (status?.State !== 'SUCCEEDED' || !status.AccountId) {
    throw new OrgwardError(
      'ACCOUNT_CREATION_FAILED',
      `account ${request.name} (${request.email}) was not created: ${status?.FailureReason ?? status?.State ?? 'no status'}`,
      {
        source: 'aws',
        hint:
          status?.FailureReason === 'EMAIL_ALREADY_EXISTS'
            ? 'every AWS account needs its own email address; pick another'
            : undefined,
      },
    );
  }
  return status.AccountId;
}

/** Creates one account and polls until it exists (scripts and tests; apply batches its polling). */
export async function createAccountAndWait(
  client: OrganizationsClient,
  request: CreateAccountRequest,
  options: PollOptions = {},
): Promise<string> {
  const sleep = options.sleep ?? realSleep;
  let status: CreateAccountStatus | undefined = await startAccountCreation(client, request);
  const requestId = status.Id!;
  let interval = options.initialIntervalMs ?? 250;
  let waited = 0;
  const timeout = options.timeoutMs ?? 15 * 60_000;
  while (status?.State === 'IN_PROGRESS') {
    if (waited >= timeout) {
      throw new OrgwardError(
        'ACCOUNT_CREATION_TIMEOUT',
        `account ${request.name} (${request.email}) was still being created after ${Math.round(waited / 1000)} s (request ${requestId})`,
        {
          source: 'aws',
          hint: 'check the request with `aws organizations describe-create-account-status`; running again will not create a second account for the same email',
        },
      );
    }
    await sleep(interval);
    waited += interval;
    interval = Math.min(interval * 2, options.maxIntervalMs ?? 10_000);
    status = (
      await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))
    ).CreateAccountStatus;
  }
  return createdAccountId(request, status);
}
