/** Roles created by other services (Organizations' OrganizationAccountAccessRole, Identity Center roles). */
import { UPPER_ALNUM, randomString } from '../../rng.js';
import type { AccountRecord, World } from '../../world.js';
import { iamOf, type RoleState } from './state.js';

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export function newRoleId(world: World): string {
  return `AROA${randomString(world, UPPER_ALNUM, 17)}`;
}

/** A trust policy letting the named account's principals (`arn:aws:iam::<id>:root`) assume the role. */
export function trustAccountPolicy(trustedAccountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${trustedAccountId}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

export function putServiceRole(
  world: World,
  account: AccountRecord,
  role: {
    roleName: string;
    path?: string;
    assumeRolePolicyDocument: string;
    attachedPolicies?: string[];
    inlinePolicies?: Record<string, string>;
    description?: string;
    protected?: boolean;
    createDate: string;
  },
): RoleState {
  const state: RoleState = {
    roleName: role.roleName,
    roleId: newRoleId(world),
    path: role.path ?? '/',
    createDate: role.createDate,
    maxSessionDuration: 3600,
    assumeRolePolicyDocument: role.assumeRolePolicyDocument,
    tags: [],
    attachedPolicies: role.attachedPolicies ?? [],
    inlinePolicies: role.inlinePolicies ?? {},
    ...(role.description ? { description: role.description } : {}),
    ...(role.protected ? { protected: true } : {}),
  };
  iamOf(account).roles[role.roleName] = state;
  return state;
}
