/**
 * Organization rules shared by the security services (CloudTrail, Config, GuardDuty, Security Hub,
 * Access Analyzer, Account Management): who may act for the organization (its management account, or a
 * delegated administrator registered for the service principal) and whether trusted access is on.
 * Each service answers a refusal with its own error; these functions only decide.
 *
 * Lives under account/ because the engineers of these services share one directory set; it belongs in
 * a neutral `services/shared/` folder (see the report that introduced it).
 */
import { organizationOf, type OrganizationState } from '../services/organizations/state.js';
import type { World } from '../world.js';

export type OrgRole = 'management' | 'delegated-admin' | 'member';

export interface OrgStanding {
  org: OrganizationState;
  role: OrgRole;
}

/** The account's organization and its standing in it for `servicePrincipal`; undefined outside an organization. */
export function orgStanding(
  world: World,
  accountId: string,
  servicePrincipal: string,
): OrgStanding | undefined {
  const org = organizationOf(world, accountId);
  if (!org) return undefined;
  if (org.managementAccountId === accountId) return { org, role: 'management' };
  return { org, role: isDelegatedAdmin(org, accountId, servicePrincipal) ? 'delegated-admin' : 'member' };
}

export function isDelegatedAdmin(
  org: OrganizationState,
  accountId: string,
  servicePrincipal: string,
): boolean {
  return org.delegatedAdmins.some(
    (d) => d.accountId === accountId && d.servicePrincipal === servicePrincipal,
  );
}

export function hasTrustedAccess(org: OrganizationState, servicePrincipal: string): boolean {
  return org.trustedServices[servicePrincipal] !== undefined;
}

/** Accounts of the organization that are ACTIVE members (the management account included). */
export function activeMemberIds(org: OrganizationState): string[] {
  return Object.values(org.members)
    .filter((m) => m.state === 'ACTIVE')
    .map((m) => m.accountId);
}

/** Registers a delegated administrator as Organizations does when a service's EnableOrganizationAdminAccount runs. */
export function registerDelegatedAdmin(
  org: OrganizationState,
  accountId: string,
  servicePrincipal: string,
  now: Date,
): void {
  if (isDelegatedAdmin(org, accountId, servicePrincipal)) return;
  org.delegatedAdmins.push({ accountId, servicePrincipal, delegationEnabledDate: now.toISOString() });
}

export function deregisterDelegatedAdmin(
  org: OrganizationState,
  accountId: string,
  servicePrincipal: string,
): void {
  org.delegatedAdmins = org.delegatedAdmins.filter(
    (d) => !(d.accountId === accountId && d.servicePrincipal === servicePrincipal),
  );
}
