/**
 * Who may act for the organization in Config: its management account, or the delegated administrator
 * for the service principal (`config.amazonaws.com` for aggregators, `config-multiaccountsetup.amazonaws.com`
 * for organization rules and conformance packs).
 *
 * Writes ({@link organizationFor}): as AWS documents for PutConfigurationAggregator and the
 * PutOrganization* operations, a call from the management account enables trusted access for the
 * principal (EnableAWSServiceAccess); a delegated administrator needs it enabled already.
 *
 * Reads ({@link organizationForRead}) never change state: they answer only where trusted access is
 * already on, and refuse everyone else (management account included) with OrganizationAccessDenied.
 */
import type { CallContext } from '../../service.js';
import { hasTrustedAccess, orgStanding, type OrgStanding } from '../../shared/org-access.js';
import type { OrganizationState } from '../organizations/state.js';
import { configError, orgAccessDenied } from './errors.js';

export const CONFIG_PRINCIPAL = 'config.amazonaws.com';
export const MULTI_ACCOUNT_PRINCIPAL = 'config-multiaccountsetup.amazonaws.com';

/** The caller's standing for `principal`, or the error AWS answers outside an all-features organization. */
function standingFor(ctx: CallContext, principal: string): OrgStanding {
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
  return standing;
}

/** For a write: the management account turns trusted access on, as AWS does; a delegated admin needs it on. */
export function organizationFor(ctx: CallContext, principal: string): OrganizationState {
  const standing = standingFor(ctx, principal);
  if (standing.role === 'management') {
    standing.org.trustedServices[principal] ??= ctx.now.toISOString();
  } else if (!hasTrustedAccess(standing.org, principal)) {
    throw orgAccessDenied();
  }
  return standing.org;
}

/** For a read: never changes state; without trusted access for `principal` no one may read. */
export function organizationForRead(ctx: CallContext, principal: string): OrganizationState {
  const standing = standingFor(ctx, principal);
  if (!hasTrustedAccess(standing.org, principal)) throw orgAccessDenied();
  return standing.org;
}
