/**
 * Deleting member root credentials (docs/root.md#deleting-root-credentials-in-order): per account one
 * `IAMDeleteRootUserCredentials` session, the planned steps in order, then a re-read in the same session
 * that proves the account clean.
 * Accounts run with bounded concurrency; one account's failure is reported and does not stop the others.
 */
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ROOT_TASK_POLICIES, type ClientFactory } from '../aws/clients.js';
import { AwsCallError } from '../errors/index.js';
import { mapLimit } from '../util/pool.js';
import type { AccountDeletion, DeletionStep } from './plan.js';
import { isNoSuchEntity } from '../aws/errors.js';
import { readInSession, reasonOf } from './read.js';
import { hasCredentials, type RootCredentials } from './types.js';

export interface AccountDeletionResult {
  accountId: string;
  name: string;
  outcome: 'cleaned' | 'failed';
  done: DeletionStep[];
  /** The step that failed, when one did. */
  failed?: DeletionStep;
  error?: string;
  /** What to do about a failure. */
  hint?: string;
  /** The root user as re-read after the steps (null when it could not be). */
  after: RootCredentials | null;
}

async function runStep(iam: IAMClient, step: DeletionStep): Promise<void> {
  switch (step.action) {
    case 'delete-access-key':
      await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: step.target }));
      return;
    case 'delete-signing-certificate':
      await iam.send(new DeleteSigningCertificateCommand({ CertificateId: step.target }));
      return;
    case 'delete-login-profile':
      try {
        await iam.send(new DeleteLoginProfileCommand({}));
      } catch (error) {
        if (!isNoSuchEntity(error)) throw error; // already gone: done
      }
      return;
    case 'deactivate-mfa-device':
      await iam.send(new DeactivateMFADeviceCommand({ SerialNumber: step.target }));
      return;
    case 'delete-virtual-mfa-device':
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: step.target }));
  }
}

function hintFor(error: unknown): string {
  if (error instanceof AwsCallError) {
    if (/AccessDenied|NotAuthorized/i.test(error.awsCode))
      return 'the root session was denied: check SCPs on the account for a root deny without the aws:AssumedRoot exemption, and that the caller may call sts:AssumeRoot';
    if (/Throttl|RequestLimit/i.test(error.awsCode))
      return 'AWS throttled the calls: run again with a lower --concurrency';
  }
  return 'run the same command again: steps already done are not repeated, and the re-read shows what is left';
}

export async function deleteAccount(
  factory: ClientFactory,
  account: AccountDeletion,
): Promise<AccountDeletionResult> {
  const iam = factory.assumeRoot(account.accountId, ROOT_TASK_POLICIES.deleteRootUserCredentials).iam();
  const done: DeletionStep[] = [];
  const base = { accountId: account.accountId, name: account.name };
  for (const step of account.steps) {
    try {
      await runStep(iam, step);
      done.push(step);
    } catch (error) {
      const after = await readInSession(iam).catch(() => null);
      return {
        ...base,
        outcome: 'failed',
        done,
        failed: step,
        error: reasonOf(error),
        hint: hintFor(error),
        after,
      };
    }
  }
  let after: RootCredentials;
  try {
    after = await readInSession(iam);
  } catch (error) {
    return {
      ...base,
      outcome: 'failed',
      done,
      error: `re-read failed: ${reasonOf(error)}`,
      hint: hintFor(error),
      after: null,
    };
  }
  if (hasCredentials(after))
    return {
      ...base,
      outcome: 'failed',
      done,
      error: `still has root credentials after the steps: ${describe(after)}`,
      hint: 'credentials were added while the run was going on: run the command again',
      after,
    };
  return { ...base, outcome: 'cleaned', done, after };
}

export function describe(c: RootCredentials): string {
  const parts = [
    c.password ? 'a password' : '',
    c.accessKeys ? `${c.accessKeys} access key${c.accessKeys === 1 ? '' : 's'}` : '',
    c.signingCertificates
      ? `${c.signingCertificates} signing certificate${c.signingCertificates === 1 ? '' : 's'}`
      : '',
    c.mfaDevices ? `${c.mfaDevices} MFA device${c.mfaDevices === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing';
}

export async function deleteRootCredentials(
  factory: ClientFactory,
  accounts: readonly AccountDeletion[],
  options: { concurrency: number; onAccount?: (result: AccountDeletionResult) => void },
): Promise<AccountDeletionResult[]> {
  return mapLimit(accounts, options.concurrency, async (account) => {
    const result = await deleteAccount(factory, account);
    options.onAccount?.(result);
    return result;
  });
}
