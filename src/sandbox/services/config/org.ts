/**
 * Who may act for the organization in Config: its management account, or the delegated administrator
 * for the service principal (`config.amazonaws.com` for aggregators, `config-multiaccountsetup.amazonaws.com`
 * for organization rules and conformance packs). As AWS does, a call from the management account enables
 * trusted access for the principal; a delegated administrator needs it enabled already.
 */
import type { CallContext } from '../../service.js';
import { hasTrustedAccess, orgStanding } from '../account/shared/org-access.js';
import type { OrganizationState } from '../organizations/state.js';
import { configError, orgAccessDenied } from './errors.js';

export const CONFIG_PRINCIPAL = 'config.amazonaws.com';
export const MULTI_ACCOUNT_PRINCIPAL = 'config-multiaccountsetup.amazonaws.com';

export function organizationFor(ctx: CallContext, principal: string): OrganizationState {
  const standing = orgStanding(ctx.world, ctx.caller.accountId, principal);
  if (!standing)
    throw configError(
      'NoAvailableOrganizationException',
      'Organization is not available. Your account is not a member of an organization.',
    );
  if (standing.org.featureSet !== 'ALL')
    throw configError(
      'OrganizationAllFeaturesNotEnabledException',
      'AWS Config organization features need all features enabled in AWS Organizations.',
    );
  if (standing.role === 'member') throw orgAccessDenied();
  if (standing.role === 'management') {
    standing.org.trustedServices[principal] ??= ctx.now.toISOString();
  } else if (!hasTrustedAccess(standing.org, principal)) {
    throw orgAccessDenied();
  }
  return standing.org;
}
