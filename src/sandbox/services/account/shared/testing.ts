/**
 * Test helper for the security services' suites: writes an organization straight into the sandbox's
 * world (the shape of services/organizations/state.ts) while the Organizations handlers are built
 * elsewhere. Member accounts are then reached with their 12-digit access key ids.
 */
import { ensureAccount, type World } from '../../../world.js';
import type { OrganizationState } from '../../organizations/state.js';

export interface TestOrganizationSpec {
  managementAccountId: string;
  memberIds: string[];
  /** Service principals with trusted access (`guardduty.amazonaws.com`, ...). */
  trustedServices?: string[];
  delegatedAdmins?: Array<{ accountId: string; servicePrincipal: string }>;
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
}

export function makeOrganization(world: World, spec: TestOrganizationSpec): OrganizationState {
  const now = new Date();
  const at = now.toISOString();
  const id = `o-${spec.managementAccountId.slice(0, 10)}`;
  const org: OrganizationState = {
    id,
    arn: `arn:aws:organizations::${spec.managementAccountId}:organization/${id}`,
    featureSet: spec.featureSet ?? 'ALL',
    managementAccountId: spec.managementAccountId,
    createdAt: at,
    root: { id: 'r-test', name: 'Root', policyTypes: [], tags: [] },
    ous: {},
    members: {},
    policies: {},
    attachments: {},
    trustedServices: Object.fromEntries((spec.trustedServices ?? []).map((s) => [s, at])),
    delegatedAdmins: (spec.delegatedAdmins ?? []).map((d) => ({ ...d, delegationEnabledDate: at })),
    createAccountRequests: {},
    iamFeatures: [],
  };
  for (const accountId of [spec.managementAccountId, ...spec.memberIds]) {
    ensureAccount(world, accountId, now).organizationId = id;
    org.members[accountId] = {
      accountId,
      parentId: org.root.id,
      joinedMethod: 'CREATED',
      joinedTimestamp: at,
      state: 'ACTIVE',
      tags: [],
    };
  }
  world.organizations[id] = org;
  return org;
}
