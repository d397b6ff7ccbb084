/**
 * `orgward root enable` (docs/root.md#turning-it-on): trusted access for IAM, root credentials
 * management, root sessions, and optionally an IAM delegated administrator. Steps already done are
 * skipped; the end state is confirmed with `iam:ListOrganizationsFeatures`.
 */
import {
  EnableAWSServiceAccessCommand,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  ListOrganizationsFeaturesCommand,
} from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import type { Blocker } from './plan.js';
import { IAM_PRINCIPAL } from './targets.js';
import type { RootFeatures } from './types.js';

export type EnableStep =
  | { kind: 'enable-trusted-access' }
  | { kind: 'enable-feature'; feature: 'RootCredentialsManagement' | 'RootSessions' }
  | { kind: 'register-delegated-administrator'; accountId: string; name: string };

export interface EnablePlan {
  steps: EnableStep[];
  /** What is already in place, in words. */
  alreadyDone: string[];
  blockers: Blocker[];
}

export function planEnable(input: {
  snapshot: OrgSnapshot;
  features: RootFeatures;
  callerAccountId: string;
  delegate?: SnapshotAccount;
}): EnablePlan {
  const { snapshot, features, delegate } = input;
  const org = snapshot.organization;
  const blockers: Blocker[] = [];
  if (input.callerAccountId !== org.managementAccountId)
    blockers.push({
      code: 'NOT_AUTHORIZED',
      message: `account ${input.callerAccountId} is not the management account (${org.managementAccountId}): only it can enable root access features`,
      hint: 'run with credentials of the management account',
      overridable: false,
    });
  if (org.featureSet !== 'ALL')
    blockers.push({
      code: 'NOT_ENABLED',
      message: `organization ${org.id} runs consolidated billing only; centralized root access needs all features`,
      hint: 'enable all features (organizations:EnableAllFeatures, every member must approve), then run again',
      overridable: false,
    });
  if (delegate && features.delegatedAdministrator && features.delegatedAdministrator !== delegate.id)
    blockers.push({
      code: 'NOT_AUTHORIZED',
      message: `account ${features.delegatedAdministrator} is already the IAM delegated administrator`,
      hint: 'deregister it first (organizations:DeregisterDelegatedAdministrator for iam.amazonaws.com) or leave out --delegate',
      overridable: false,
    });
  const steps: EnableStep[] = [];
  const alreadyDone: string[] = [];
  if (features.trustedAccess) alreadyDone.push('trusted access for iam.amazonaws.com');
  else steps.push({ kind: 'enable-trusted-access' });
  if (features.credentialsManagement) alreadyDone.push('root credentials management');
  else steps.push({ kind: 'enable-feature', feature: 'RootCredentialsManagement' });
  if (features.rootSessions) alreadyDone.push('root sessions (privileged tasks)');
  else steps.push({ kind: 'enable-feature', feature: 'RootSessions' });
  if (delegate) {
    if (features.delegatedAdministrator === delegate.id)
      alreadyDone.push(`${delegate.name} (${delegate.id}) as IAM delegated administrator`);
    else
      steps.push({ kind: 'register-delegated-administrator', accountId: delegate.id, name: delegate.name });
  }
  return { steps, alreadyDone, blockers };
}

export function describeEnableStep(step: EnableStep): string {
  switch (step.kind) {
    case 'enable-trusted-access':
      return 'enable trusted access for iam.amazonaws.com (organizations:EnableAWSServiceAccess)';
    case 'enable-feature':
      return step.feature === 'RootCredentialsManagement'
        ? 'enable root credentials management (iam:EnableOrganizationsRootCredentialsManagement): new accounts get no root credentials'
        : 'enable root sessions (iam:EnableOrganizationsRootSessions): unlock bucket and queue policies without a root password';
    case 'register-delegated-administrator':
      return `register ${step.name} (${step.accountId}) as IAM delegated administrator (organizations:RegisterDelegatedAdministrator)`;
  }
}

/** Runs the steps in order and returns the features IAM reports afterwards. */
export async function runEnable(
  factory: ClientFactory,
  steps: readonly EnableStep[],
  onStep?: (step: EnableStep) => void,
): Promise<string[]> {
  for (const step of steps) {
    if (step.kind === 'enable-trusted-access')
      await factory
        .organizations()
        .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: IAM_PRINCIPAL }));
    else if (step.kind === 'enable-feature')
      await factory
        .iam()
        .send(
          step.feature === 'RootCredentialsManagement'
            ? new EnableOrganizationsRootCredentialsManagementCommand({})
            : new EnableOrganizationsRootSessionsCommand({}),
        );
    else
      await factory.organizations().send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: step.accountId,
          ServicePrincipal: IAM_PRINCIPAL,
        }),
      );
    onStep?.(step);
  }
  return (await factory.iam().send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures ?? [];
}
