/**
 * What `orgward root delete-credentials` will do, decided before anything is deleted: the steps per
 * account in the order AWS requires (docs/root.md#deleting-root-credentials-in-order), and the preflight
 * that refuses when the run cannot succeed or would break something (docs/root.md#why-the-preflight-refuses).
 * Pure: everything comes in as data.
 */
import { deniesRoot, exemptsAssumedRoot, inheritedDenies } from '../model/policies.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import type { RootAccount, RootFeatures } from './types.js';

export type DeletionAction =
  | 'delete-access-key'
  | 'delete-signing-certificate'
  | 'delete-login-profile'
  | 'deactivate-mfa-device'
  | 'delete-virtual-mfa-device';

export interface DeletionStep {
  action: DeletionAction;
  /** Key id, certificate id or MFA serial; empty for the login profile. */
  target: string;
  /** What the user should know about this one (a key's last use). */
  note?: string;
}

export interface AccountDeletion {
  accountId: string;
  name: string;
  ouPath: string;
  steps: DeletionStep[];
}

export interface Blocker {
  /** The account it concerns; absent when it stops the whole run. */
  accountId?: string;
  code: 'NOT_ENABLED' | 'NOT_AUTHORIZED' | 'UNREADABLE' | 'RECENTLY_USED_KEY' | 'SCP_BLOCKS_ASSUME_ROOT';
  message: string;
  hint: string;
  /** `--force` lets the run go ahead anyway. */
  overridable: boolean;
}

export interface DeletionPlan {
  accounts: AccountDeletion[];
  /** Accounts that have nothing to delete. */
  alreadyClean: Array<{ accountId: string; name: string }>;
  blockers: Blocker[];
  /** Blockers overridden with --force, still shown. */
  overridden: Blocker[];
  /** A GuardDuty filter that archives the root-usage findings these sessions cause (`create-filter` input). */
  guardDutyFilter: GuardDutyFilter;
}

export interface GuardDutyFilter {
  Name: string;
  Description: string;
  Action: 'ARCHIVE';
  Rank: number;
  FindingCriteria: { Criterion: Record<string, { Eq: string[] }> };
}

/** The API calls a delete session makes in the member account (what CloudTrail records as root). */
export const DELETE_SESSION_APIS = [
  'GetLoginProfile',
  'ListAccessKeys',
  'GetAccessKeyLastUsed',
  'ListSigningCertificates',
  'ListMFADevices',
  'DeleteAccessKey',
  'DeleteSigningCertificate',
  'DeleteLoginProfile',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
];

/**
 * What still needs a real root sign-in once the credentials are gone
 * (docs/root.md#what-still-needs-a-root-sign-in).
 */
export const NEEDS_ROOT_SIGN_IN = [
  'change account settings that only root may change (root password or keys)',
  'activate IAM access to the Billing console',
  'view certain tax invoices (AWS Inc. / AISPL)',
  'register as a Reserved Instance Marketplace seller',
  'enable S3 MFA Delete on a bucket (also needs a root MFA device)',
  'recover a KMS key no one can manage, through AWS Support',
];

/** Steps in AWS's order: keys, certificates, password, then MFA (never a password left without MFA). */
export function deletionSteps(account: RootAccount): DeletionStep[] {
  const detail = account.credentials?.detail;
  if (!account.credentials || !detail) return [];
  const steps: DeletionStep[] = [];
  for (const key of detail.accessKeys)
    steps.push({
      action: 'delete-access-key',
      target: key.id,
      note: `${key.status.toLowerCase()}, ${key.lastUsed ? `last used ${key.lastUsed.slice(0, 10)}${key.lastUsedService ? ` with ${key.lastUsedService}` : ''}` : 'never used'}`,
    });
  for (const id of detail.signingCertificates)
    steps.push({ action: 'delete-signing-certificate', target: id });
  if (account.credentials.password) steps.push({ action: 'delete-login-profile', target: '' });
  for (const device of detail.mfaDevices) {
    steps.push({ action: 'deactivate-mfa-device', target: device.serial });
    if (device.virtual) steps.push({ action: 'delete-virtual-mfa-device', target: device.serial });
  }
  return steps;
}

export interface PlanInput {
  snapshot: OrgSnapshot;
  features: RootFeatures;
  /** The account whose credentials run the command. */
  callerAccountId: string;
  /** Deep reads of the targeted accounts. */
  targets: RootAccount[];
  now: Date;
  /** A root key used this many days ago or less blocks the run (unless forced). */
  recentDays: number;
  force: boolean;
}

export function planDeletion(input: PlanInput): DeletionPlan {
  const { snapshot, features, targets } = input;
  const blockers: Blocker[] = [];
  const org = snapshot.organization;
  if (!features.trustedAccess || !features.credentialsManagement)
    blockers.push({
      code: 'NOT_ENABLED',
      message: `root credentials management is not enabled in organization ${org.id}`,
      hint: 'run `orgward root enable` first (or set organization.rootAccess in org.yaml and apply)',
      overridable: false,
    });
  if (
    input.callerAccountId !== org.managementAccountId &&
    input.callerAccountId !== features.delegatedAdministrator
  )
    blockers.push({
      code: 'NOT_AUTHORIZED',
      message: `account ${input.callerAccountId} is neither the management account (${org.managementAccountId}) nor the IAM delegated administrator`,
      hint: 'run with credentials of the management account or of the account registered for iam.amazonaws.com',
      overridable: false,
    });

  const recentMs = input.recentDays * 86_400_000;
  const accounts: AccountDeletion[] = [];
  const alreadyClean: DeletionPlan['alreadyClean'] = [];
  for (const target of targets) {
    // Before the read's result: an SCP that denies root sessions also makes the read fail.
    for (const statement of inheritedDenies(snapshot, target.id, 'SERVICE_CONTROL_POLICY')) {
      if (deniesRoot(statement) && !exemptsAssumedRoot(statement))
        blockers.push({
          accountId: target.id,
          code: 'SCP_BLOCKS_ASSUME_ROOT',
          message: `${target.name} (${target.id}): SCP ${statement.policy} denies root actions without an aws:AssumedRoot exemption, so the root session would be denied`,
          hint: 'add "Condition": {"BoolIfExists": {"aws:AssumedRoot": "false"}} to that statement (audit check ROOT-12)',
          overridable: false,
        });
    }
    if (!target.credentials?.detail) {
      blockers.push({
        accountId: target.id,
        code: 'UNREADABLE',
        message: `${target.name} (${target.id}): the root user could not be read: ${target.reason ?? 'unknown'}`,
        hint: 'fix the cause, or leave the account out of this run',
        overridable: false,
      });
      continue;
    }
    for (const key of target.credentials.detail.accessKeys) {
      if (key.lastUsed && input.now.getTime() - new Date(key.lastUsed).getTime() <= recentMs)
        blockers.push({
          accountId: target.id,
          code: 'RECENTLY_USED_KEY',
          message: `${target.name} (${target.id}): root access key ${key.id} was last used ${key.lastUsed.slice(0, 10)}${key.lastUsedService ? ` with ${key.lastUsedService}` : ''}, within ${input.recentDays} days`,
          hint: 'find what uses the key and move it to a role first; --force deletes it anyway',
          overridable: true,
        });
    }
    const steps = deletionSteps(target);
    if (steps.length)
      accounts.push({ accountId: target.id, name: target.name, ouPath: target.ouPath, steps });
    else alreadyClean.push({ accountId: target.id, name: target.name });
  }
  const overridden = input.force ? blockers.filter((b) => b.overridable) : [];
  return {
    accounts,
    alreadyClean,
    blockers: blockers.filter((b) => !overridden.includes(b)),
    overridden,
    guardDutyFilter: guardDutyFilter(accounts.map((a) => a.accountId)),
  };
}

function guardDutyFilter(accountIds: string[]): GuardDutyFilter {
  return {
    Name: 'orgward-centralized-root-tasks',
    Description:
      'Archive root-usage findings caused by centralized root tasks (sts:AssumeRoot sessions run by orgward root).',
    Action: 'ARCHIVE',
    Rank: 1,
    FindingCriteria: {
      Criterion: {
        type: { Eq: ['Policy:IAMUser/RootCredentialUsage'] },
        accountId: { Eq: accountIds },
        'service.action.awsApiCallAction.api': { Eq: DELETE_SESSION_APIS },
      },
    },
  };
}
