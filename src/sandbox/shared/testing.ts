/**
 * Test helper for the security services' suites: an organization written straight into the sandbox's
 * world (the IAM suite's builder, under the names these suites use). Member accounts are then reached
 * with their 12-digit access key ids.
 */
import type { World } from '../world.js';
import { putTestOrganization } from '../services/iam/testing.js';
import type { OrganizationState } from '../services/organizations/state.js';

export interface TestOrganizationSpec {
  managementAccountId: string;
  memberIds: string[];
  /** Service principals with trusted access (`guardduty.amazonaws.com`, ...). */
  trustedServices?: string[];
  delegatedAdmins?: Array<{ accountId: string; servicePrincipal: string }>;
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
}

export function makeOrganization(world: World, spec: TestOrganizationSpec): OrganizationState {
  const { memberIds, ...rest } = spec;
  return putTestOrganization(world, { ...rest, memberAccountIds: memberIds });
}
