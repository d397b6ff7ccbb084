/**
 * Organizations' ids and ARNs, in the forms AWS gives them: a prefix and random lowercase letters and
 * digits (`o-` and 10, roots `r-` and 4, OUs `ou-<root's part>-` and 8, policies `p-` and 8, creation
 * requests `car-` and 10, handshakes `h-` and 10), each within the pattern AWS's model sets for it
 * (SPEC.md, "Identifiers").
 */
import { LOWER_ALNUM, randomString } from '../../rng.js';
import type { World } from '../../world.js';
import type { OrganizationState } from './state.js';

export const newOrganizationId = (world: World) => `o-${randomString(world, LOWER_ALNUM, 10)}`;
export const newRootId = (world: World) => `r-${randomString(world, LOWER_ALNUM, 4)}`;
export const newOuId = (world: World, org: OrganizationState) =>
  `ou-${org.root.id.slice(2)}-${randomString(world, LOWER_ALNUM, 8)}`;
export const newPolicyId = (world: World) => `p-${randomString(world, LOWER_ALNUM, 8)}`;
export const newCreateAccountRequestId = (world: World) => `car-${randomString(world, LOWER_ALNUM, 10)}`;
export const newHandshakeId = (world: World) => `h-${randomString(world, LOWER_ALNUM, 10)}`;

export const POLICY_TYPE_PATH: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'service_control_policy',
  RESOURCE_CONTROL_POLICY: 'resource_control_policy',
  TAG_POLICY: 'tag_policy',
  BACKUP_POLICY: 'backup_policy',
  AISERVICES_OPT_OUT_POLICY: 'aiservices_opt_out_policy',
  CHATBOT_POLICY: 'chatbot_policy',
  DECLARATIVE_POLICY_EC2: 'declarative_policy_ec2',
  SECURITYHUB_POLICY: 'securityhub_policy',
};

export function orgArn(org: OrganizationState, kind: string, id: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:${kind}/${org.id}/${id}`;
}

export function policyArn(
  org: OrganizationState,
  policy: { id: string; type: string; awsManaged: boolean },
): string {
  const type = POLICY_TYPE_PATH[policy.type] ?? policy.type.toLowerCase();
  return policy.awsManaged
    ? `arn:aws:organizations::aws:policy/${type}/${policy.id}`
    : `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/${type}/${policy.id}`;
}
