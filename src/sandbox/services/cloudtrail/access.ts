/** Who may change a trail, and the organization rules for organization trails. */
import type { CallContext } from '../../service.js';
import { hasTrustedAccess, orgStanding } from '../../shared/org-access.js';
import type { OrganizationState } from '../organizations/state.js';
import { invalidHomeRegion, notManagement, trailError } from './errors.js';
import { trailArn, type TrailState } from './state.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/**
 * The organization an organization trail is created or updated for: the caller must be its management
 * account or CloudTrail's delegated administrator, in an all-features organization with trusted access.
 */
export function organizationForTrail(ctx: CallContext): OrganizationState {
  const standing = orgStanding(ctx.world, ctx.caller.accountId, CLOUDTRAIL_PRINCIPAL);
  if (!standing)
    throw trailError(
      'OrganizationsNotInUseException',
      'This account is not a member of an organization in AWS Organizations.',
    );
  if (standing.role === 'member') throw notManagement();
  if (standing.org.featureSet !== 'ALL')
    throw trailError(
      'OrganizationNotInAllFeaturesModeException',
      'This operation requires that all features are enabled in the organization.',
    );
  if (!hasTrustedAccess(standing.org, CLOUDTRAIL_PRINCIPAL))
    throw trailError(
      'CloudTrailAccessNotEnabledException',
      'You must enable trusted access for CloudTrail in AWS Organizations before you create an organization trail.',
    );
  return standing.org;
}

/** Refuses a change from outside the trail's home region, or by an account that does not own it. */
export function requireWritable(ctx: CallContext, trail: TrailState): void {
  if (trail.accountId !== ctx.caller.accountId) {
    const standing = orgStanding(ctx.world, ctx.caller.accountId, CLOUDTRAIL_PRINCIPAL);
    const delegated =
      trail.isOrganizationTrail &&
      standing?.role === 'delegated-admin' &&
      standing.org.managementAccountId === trail.accountId;
    if (!delegated) throw notManagement();
  }
  if (trail.homeRegion !== ctx.region) throw invalidHomeRegion(trailArn(trail));
}
