/**
 * The effect of central configuration. Which configuration governs an organization account: its own
 * association, else the nearest OU's up the tree, else the root's (AWS's application and inheritance).
 * A governing policy sets the account's hub (on or off), exactly its standards and its control settings in
 * the administrator's home Region and every Region the finding aggregator links, and makes the account
 * an `Enabled` member of the administrator there. A target left without a policy keeps what it has and
 * becomes self-managed (AWS does not revert a policy).
 *
 * Applied lazily, in the style of auto-enable (src/sandbox/shared/auto-enable.ts): before each Security Hub
 * call the administrator's calls run an organization-wide pass only when the policies, the associations,
 * the organization's size or the aggregator's Regions changed; any other account's calls bring that one
 * account up to date (cheap: a walk up its OUs). Each account keeps a marker of what was applied, so an
 * unchanged account is skipped.
 */
import { accessDenied } from './errors.js';
import type { CallContext } from '../../service.js';
import { ensureAccount, type AccountRecord, type World } from '../../world.js';
import { activeMemberIds } from '../../shared/org-access.js';
import { regionalEntries } from '../../shared/regional.js';
import { organizationOf, type OrganizationState } from '../organizations/state.js';
import { STANDARDS, standardArn, subscriptionArn } from './catalogue.js';
import { enableHub } from './hub.js';
import {
  centralSlot,
  hubState,
  KEY,
  peekAggregator,
  peekHub,
  peekManaged,
  SELF_MANAGED,
  type AggregatorState,
  type AssociationState,
  type CentralState,
  type ConfigurationPolicyState,
  type HubState,
  type ManagedMarker,
  type SecurityHubRegionState,
} from './state.js';

export interface CentralContext {
  org: OrganizationState;
  adminId: string;
  admin: AccountRecord;
  /** The home Region: where the administrator's finding aggregator lives. */
  home: string;
  aggregator: AggregatorState;
  central: CentralState;
}

/** The organization's central configuration, when its delegated administrator has turned it on. */
export function centralOf(world: World, org: OrganizationState): CentralContext | undefined {
  const mgmt = world.accounts[org.managementAccountId];
  const admins = new Set<string>();
  for (const [, state] of regionalEntries<SecurityHubRegionState>(mgmt, KEY))
    if (state.adminAccountId) admins.add(state.adminAccountId);
  for (const adminId of admins) {
    const admin = world.accounts[adminId];
    const aggregator = peekAggregator(admin);
    if (!admin || !aggregator) continue;
    if (peekHub(mgmt, aggregator.region)?.adminAccountId !== adminId) continue;
    if (peekHub(admin, aggregator.region)?.orgConfig?.configurationType !== 'CENTRAL') continue;
    return { org, adminId, admin, home: aggregator.region, aggregator, central: centralSlot(admin) };
  }
  return undefined;
}

function parentOf(org: OrganizationState, id: string): string | undefined {
  if (id === org.root.id) return undefined;
  return org.members[id]?.parentId ?? org.ous[id]?.parentId;
}

export interface Governing {
  policyId: string;
  type: 'APPLIED' | 'INHERITED';
  source: AssociationState;
}

/** The configuration governing a target (account, OU or root): its own association or its nearest ancestor's. */
export function governing(
  org: OrganizationState,
  central: CentralState,
  targetId: string,
): Governing | undefined {
  let id: string | undefined = targetId;
  // Organizations nests OUs at most five deep; the bound only guards against a malformed world.
  for (let depth = 0; id !== undefined && depth < 10; depth++) {
    const association: AssociationState | undefined = central.associations[id];
    if (association)
      return {
        policyId: association.policyId,
        type: depth === 0 ? 'APPLIED' : 'INHERITED',
        source: association,
      };
    id = parentOf(org, id);
  }
  return undefined;
}

/** The policy governing an account, if a policy (not self-managed behaviour) governs it. */
export function governingPolicy(cc: CentralContext, accountId: string): ConfigurationPolicyState | undefined {
  const gov = governing(cc.org, cc.central, accountId);
  return gov && gov.policyId !== SELF_MANAGED ? cc.central.policies[gov.policyId] : undefined;
}

/** The home Region first, then the linked Regions the account has enabled. */
export function regionsFor(cc: CentralContext, account: AccountRecord): string[] {
  const { mode, regions } = cc.aggregator;
  const enabled = account.enabledRegions;
  const linked =
    mode === 'ALL_REGIONS'
      ? enabled
      : mode === 'ALL_REGIONS_EXCEPT_SPECIFIED'
        ? enabled.filter((r) => !regions.includes(r))
        : mode === 'SPECIFIED_REGIONS'
          ? regions.filter((r) => enabled.includes(r))
          : [];
  return [cc.home, ...linked.filter((r) => r !== cc.home)];
}

function policyStandards(
  policy: ConfigurationPolicyState,
  home: string,
  region: string,
  accountId: string,
  current: HubState['standards'],
): HubState['standards'] {
  const out: HubState['standards'] = {};
  for (const id of policy.policy.EnabledStandardIdentifiers ?? []) {
    const standard = STANDARDS.find((s) => standardArn(s, home) === id);
    if (!standard) continue;
    const arn = subscriptionArn(standard, region, accountId);
    out[arn] = current[arn] ?? { standardsArn: standardArn(standard, region), input: {} };
  }
  return out;
}

function applyIn(
  cc: CentralContext,
  account: AccountRecord,
  region: string,
  policy: ConfigurationPolicyState,
  now: Date,
) {
  const state = hubState(account, region);
  if (!policy.policy.ServiceEnabled) {
    delete state.hub;
    delete state.controls;
    return;
  }
  const hub = enableHub(account, region, now, false);
  hub.standards = policyStandards(policy, cc.home, region, account.id, hub.standards);
  const controls = policy.policy.SecurityControlsConfiguration;
  state.controls = {
    policyId: policy.id,
    ...(controls?.EnabledSecurityControlIdentifiers
      ? { enabledOnly: [...controls.EnabledSecurityControlIdentifiers] }
      : { disabled: [...(controls?.DisabledSecurityControlIdentifiers ?? [])] }),
  };
  if (account.id === cc.adminId) return;
  state.administratorId = cc.adminId;
  const members = hubState(cc.admin, region).members;
  if (members[account.id]?.status !== 'Enabled')
    members[account.id] = {
      accountId: account.id,
      email: account.email,
      status: 'Enabled',
      updatedAt: now.toISOString(),
    };
}

/** Brings one organization account up to date with the configuration that governs it. */
export function syncAccount(world: World, cc: CentralContext, accountId: string, now: Date): void {
  if (cc.org.members[accountId]?.state !== 'ACTIVE') return;
  const account = ensureAccount(world, accountId, now);
  const policy = governingPolicy(cc, accountId);
  if (!policy) {
    // Self-managed from now on, with the settings it has.
    if (peekManaged(account)) delete account.services['securityhub-managed'];
    return;
  }
  // A policy that turns Security Hub off skips the delegated administrator (AWS does the same).
  if (!policy.policy.ServiceEnabled && accountId === cc.adminId) return;
  const regions = regionsFor(cc, account);
  const signature = `${policy.id}#${policy.version}@${regions.join(',')}`;
  const marker = peekManaged(account);
  if (marker?.signature === signature && marker.adminId === cc.adminId) return;
  for (const region of regions) applyIn(cc, account, region, policy, now);
  const next: ManagedMarker = { adminId: cc.adminId, policyId: policy.id, signature };
  account.services['securityhub-managed'] = next;
}

/**
 * The administrator becomes the delegated administrator in every linked Region (its hub on there) and
 * the organization's configuration there reads CENTRAL (AWS carries both over from the home Region).
 */
function designateLinked(world: World, cc: CentralContext, now: Date): void {
  const mgmt = ensureAccount(world, cc.org.managementAccountId, now);
  for (const region of regionsFor(cc, cc.admin).slice(1)) {
    const designation = hubState(mgmt, region);
    designation.adminAccountId ??= cc.adminId;
    if (designation.adminAccountId !== cc.adminId) continue;
    // As EnableOrganizationAdminAccount does in the Region it is called in.
    enableHub(cc.admin, region, now, true);
    const state = hubState(cc.admin, region);
    state.orgConfig = {
      members: { mode: 'NONE', setAt: now.toISOString(), seenMembers: 0 },
      ...state.orgConfig,
      autoEnableStandards: 'NONE',
      configurationType: 'CENTRAL',
    };
    state.orgConfig.members.mode = 'NONE';
  }
}

/** The organization-wide pass; skipped while nothing it depends on changed. */
export function syncOrganization(world: World, cc: CentralContext, now: Date): void {
  const size = Object.keys(cc.org.members).length;
  const key = `${cc.central.revision}:${size}:${cc.aggregator.mode}:${cc.aggregator.regions.join(',')}`;
  if (cc.central.seen === key) return;
  cc.central.seen = key;
  designateLinked(world, cc, now);
  for (const id of activeMemberIds(cc.org)) syncAccount(world, cc, id, now);
}

/** Run before each Security Hub call: brings the caller's view up to date with central configuration. */
export function syncCaller(ctx: CallContext): CentralContext | undefined {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  const cc = org && centralOf(ctx.world, org);
  if (!cc) return undefined;
  if (ctx.caller.accountId === cc.adminId) syncOrganization(ctx.world, cc, ctx.now);
  else syncAccount(ctx.world, cc, ctx.caller.accountId, ctx.now);
  return cc;
}

/** An account a policy governs may not change its own hub or standards; only the administrator may. */
export function refuseIfGoverned(cc: CentralContext, accountId: string): void {
  if (accountId !== cc.adminId && governingPolicy(cc, accountId))
    throw accessDenied(
      'This account is currently associated with a central configuration policy, so only the administrator can access this operation.',
    );
}
