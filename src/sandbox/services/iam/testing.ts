/**
 * Test helpers for the IAM and STS suites. Organizations are written straight into the sandbox's state
 * (`putTestOrganization`) while the Organizations handlers are built; replace it with SDK calls
 * (CreateOrganization, EnableAWSServiceAccess, RegisterDelegatedAdministrator) once they exist.
 */
import { applyWorldDocument } from '../../seed.js';
import type { Sandbox } from '../../sandbox.js';
import { ensureAccount, type World } from '../../world.js';
import { organizationsOf, type OrganizationState } from '../organizations/state.js';
import type { IamOrganizationsFeature } from './task-policies.js';

interface TargetLike {
  name: string;
  sandbox?: Sandbox;
  endpoint: string;
}

export interface TestOrganization {
  managementAccountId: string;
  memberAccountIds: string[];
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
  trustedServices?: string[];
  delegatedAdmins?: Array<{ accountId: string; servicePrincipal: string }>;
  iamFeatures?: IamOrganizationsFeature[];
}

export function putTestOrganization(world: World, spec: TestOrganization): OrganizationState {
  const now = new Date();
  const id = `o-test${spec.managementAccountId.slice(0, 8)}`;
  const at = now.toISOString();
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
    iamFeatures: [...(spec.iamFeatures ?? [])],
  };
  for (const accountId of [spec.managementAccountId, ...spec.memberAccountIds]) {
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
  organizationsOf(world)[id] = org;
  return org;
}

/** Merges a world document, through the control API when the target is served over HTTP. */
export async function seedWorld(target: TargetLike, doc: unknown): Promise<void> {
  if (target.name === 'sandbox-http') {
    const response = await fetch(`${target.endpoint}/_sandbox/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
    return;
  }
  const sandbox = target.sandbox!;
  applyWorldDocument(sandbox.world, doc, sandbox.now());
}

/** Moves the sandbox's clock forward, through the control API when served over HTTP. */
export async function advanceClock(target: TargetLike, seconds: number): Promise<void> {
  if (target.name === 'sandbox-http') {
    const response = await fetch(`${target.endpoint}/_sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: seconds }),
    });
    if (!response.ok) throw new Error(`clock failed: ${response.status}`);
    return;
  }
  target.sandbox!.advanceClock(seconds * 1000);
}

/** The error an SDK call fails with (the test fails when it succeeds). */
export { failure } from '../../../../test/support/failure.js';
