/**
 * EC2 declarative policies (Organizations `DECLARATIVE_POLICY_EC2`): the settings a policy attached to the
 * root, an OU on the account's path or the account itself assigns win over the account's own, and EC2
 * reports them `managedBy: declarative-policy`. Inheritance is simplified to "the nearest `@@assign`
 * wins" (no `@@operators_allowed_for_child_policies`).
 */
import type { World } from '../../world.js';
import { organizationOf } from '../organizations/state.js';

export interface DeclaredEc2 {
  vpcMode?: 'off' | 'block-bidirectional' | 'block-ingress';
  exclusionsAllowed?: 'enabled' | 'disabled';
  imageState?: 'unblocked' | 'block-new-sharing';
  snapshotState?: 'unblocked' | 'block-all-sharing' | 'block-new-sharing';
}

const assigned = (node: unknown): string | undefined => {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Record<string, unknown>)['@@assign'];
  return typeof value === 'string' ? value.replace(/_/g, '-') : undefined;
};

const at = (root: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
    root,
  );

export function declaredEc2(world: World, accountId: string): DeclaredEc2 {
  const org = organizationOf(world, accountId);
  if (!org || !org.root.policyTypes.includes('DECLARATIVE_POLICY_EC2')) return {};
  // root first, then each OU down the path, then the account: later assignments win
  const chain: string[] = [];
  let parent = org.members[accountId]?.parentId;
  while (parent && parent !== org.root.id) {
    chain.unshift(parent);
    parent = org.ous[parent]?.parentId;
  }
  const targets = [org.root.id, ...chain, accountId];
  const declared: DeclaredEc2 = {};
  for (const target of targets) {
    for (const policyId of org.attachments[target] ?? []) {
      const policy = org.policies[policyId];
      if (policy?.type !== 'DECLARATIVE_POLICY_EC2') continue;
      let doc: unknown;
      try {
        doc = JSON.parse(policy.content);
      } catch {
        continue;
      }
      const ec2 = at(doc, 'ec2_attributes');
      const vpcMode = assigned(at(ec2, 'vpc_block_public_access', 'internet_gateway_block', 'mode'));
      const exclusions = assigned(
        at(ec2, 'vpc_block_public_access', 'internet_gateway_block', 'exclusions_allowed'),
      );
      const image = assigned(at(ec2, 'image_block_public_access', 'state'));
      const snapshot = assigned(at(ec2, 'snapshot_block_public_access', 'state'));
      if (vpcMode) declared.vpcMode = vpcMode as DeclaredEc2['vpcMode'];
      if (exclusions) declared.exclusionsAllowed = exclusions as DeclaredEc2['exclusionsAllowed'];
      if (image) declared.imageState = image as DeclaredEc2['imageState'];
      if (snapshot) declared.snapshotState = snapshot as DeclaredEc2['snapshotState'];
    }
  }
  return declared;
}
