/** Organizations' output shapes. */
import type { World } from '../../world.js';
import type { MemberState, OrganizationState, OuState, PolicyState } from './state.js';
import { orgArn, policyArn } from './ids.js';
import { pathOf } from './lookup.js';
import type { Account, Organization, OrganizationalUnit, PolicySummary, Root } from './shapes.generated.js';

export function organizationShape(world: World, org: OrganizationState): Organization {
  const management = world.accounts[org.managementAccountId];
  return {
    Id: org.id,
    Arn: org.arn,
    FeatureSet: org.featureSet,
    MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: management?.email ?? '',
    // Deprecated: AWS lists SCPs here (when enabled on the root) and no other type; ListRoots has them all.
    AvailablePolicyTypes: org.root.policyTypes
      .filter((type) => type === 'SERVICE_CONTROL_POLICY')
      .map((Type) => ({ Type, Status: 'ENABLED' })),
  };
}

export function accountShape(world: World, org: OrganizationState, member: MemberState): Account {
  const account = world.accounts[member.accountId];
  const status =
    member.state === 'CLOSED' || member.state === 'SUSPENDED'
      ? 'SUSPENDED'
      : member.state === 'PENDING_CLOSURE'
        ? 'PENDING_CLOSURE'
        : 'ACTIVE';
  return {
    Id: member.accountId,
    Arn: orgArn(org, 'account', member.accountId),
    Email: account?.email ?? '',
    Name: account?.name ?? '',
    Status: status,
    State: member.state,
    JoinedMethod: member.joinedMethod,
    JoinedTimestamp: new Date(member.joinedTimestamp),
    Paths: [`${pathOf(org, member.parentId)}${member.accountId}/`],
  };
}

export function ouShape(org: OrganizationState, ou: OuState): OrganizationalUnit {
  return {
    Id: ou.id,
    Arn: orgArn(org, 'ou', ou.id),
    Name: ou.name,
    Path: `${pathOf(org, ou.parentId)}${ou.id}/`,
  };
}

export function rootShape(org: OrganizationState): Root {
  return {
    Id: org.root.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.root.id}`,
    Name: org.root.name,
    PolicyTypes: org.root.policyTypes.map((Type) => ({ Type, Status: 'ENABLED' })),
  };
}

export function policySummary(org: OrganizationState, policy: PolicyState): PolicySummary {
  return {
    Id: policy.id,
    Arn: policyArn(org, policy),
    Name: policy.name,
    Description: policy.description,
    Type: policy.type,
    AwsManaged: policy.awsManaged,
  };
}
