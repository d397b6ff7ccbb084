/**
 * Centralized root access switches (`RootCredentialsManagement`, `RootSessions`), stored on the organization
 * (`OrganizationState.iamFeatures`). Enabling is for the management account only; listing and
 * disabling also for the IAM delegated administrator.
 */
import { AwsError } from '../../errors.js';
import type { CallContext, Handler } from '../../service.js';
import type { World } from '../../world.js';
import { organizationOf, type OrganizationState } from '../organizations/state.js';
import type { IamOrganizationsFeature } from './task-policies.js';

export const IAM_SERVICE_PRINCIPAL = 'iam.amazonaws.com';

const FEATURE_ORDER: readonly IamOrganizationsFeature[] = ['RootCredentialsManagement', 'RootSessions'];

function orgError(code: string, message: string): AwsError {
  return new AwsError(code, message, { status: 400 });
}

/** Whether the account is the organization's delegated administrator for IAM. */
export function isIamDelegatedAdmin(org: OrganizationState, accountId: string): boolean {
  return org.delegatedAdmins.some(
    (d) => d.accountId === accountId && d.servicePrincipal === IAM_SERVICE_PRINCIPAL,
  );
}

/**
 * The caller's organization once every prerequisite holds, checked in this order: an organization,
 * the caller's vantage (management account, or IAM delegated administrator where allowed), all
 * features, trusted access for IAM.
 */
export function organizationForRootAccess(
  world: World,
  accountId: string,
  allowDelegatedAdmin: boolean,
): OrganizationState {
  const org = organizationOf(world, accountId);
  if (!org)
    throw orgError(
      'OrganizationNotFoundException',
      'The request failed because the account is not a member of an organization.',
    );
  const management = org.managementAccountId === accountId;
  if (!management) {
    if (!allowDelegatedAdmin)
      throw orgError(
        'CallerIsNotManagementAccountException',
        'The request failed because the account making the request is not the management account of the organization.',
      );
    if (!isIamDelegatedAdmin(org, accountId))
      throw orgError(
        'AccountNotManagementOrDelegatedAdministratorException',
        'The request failed because the account is not the management account or delegated administrator.',
      );
  }
  if (org.featureSet !== 'ALL')
    throw orgError(
      'OrganizationNotInAllFeaturesModeException',
      'The request failed because your organization does not have all features enabled.',
    );
  if (!Object.hasOwn(org.trustedServices, IAM_SERVICE_PRINCIPAL))
    throw orgError(
      'ServiceAccessNotEnabledException',
      'The request failed because trusted access is not enabled for IAM in AWS Organizations.',
    );
  return org;
}

function answer(org: OrganizationState) {
  return {
    OrganizationId: org.id,
    EnabledFeatures: FEATURE_ORDER.filter((f) => org.iamFeatures.includes(f)),
  };
}

function change(feature: IamOrganizationsFeature | undefined, enable: boolean): Handler {
  return (ctx: CallContext) => {
    const org = organizationForRootAccess(ctx.world, ctx.caller.accountId, !enable);
    if (feature) {
      const others = org.iamFeatures.filter((f) => f !== feature);
      org.iamFeatures = enable ? [...others, feature] : others;
    }
    return answer(org);
  };
}

export const orgFeatureOperations: Record<string, Handler> = {
  ListOrganizationsFeatures: change(undefined, false),
  EnableOrganizationsRootCredentialsManagement: change('RootCredentialsManagement', true),
  EnableOrganizationsRootSessions: change('RootSessions', true),
  DisableOrganizationsRootCredentialsManagement: change('RootCredentialsManagement', false),
  DisableOrganizationsRootSessions: change('RootSessions', false),
};
