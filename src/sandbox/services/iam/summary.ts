/** GetAccountSummary: entity counts, the root user's credential flags and the account's IAM quotas. */
import { xmlMap } from '../../protocols/xml.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { iamAccount } from './common.js';
import { USERS_QUOTA } from './users.js';

/** IAM's default quotas, as GetAccountSummary reports them. */
export const QUOTAS = {
  UsersQuota: USERS_QUOTA,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  ServerCertificatesQuota: 20,
  InstanceProfilesQuota: 1000,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  PolicySizeQuota: 6144,
  AssumeRolePolicySizeQuota: 2048,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  VersionsPerPolicyQuota: 5,
  PolicyVersionsInUseQuota: 10000,
} as const;

export function accountSummary(account: AccountRecord): Record<string, number> {
  const { iam } = account;
  const users = Object.values(iam.users);
  const groups = Object.values(iam.groups);
  const roles = Object.values(iam.roles);
  const devices = Object.values(iam.mfaDevices);
  let attachments = 0;
  for (const entity of [...users, ...groups, ...roles]) attachments += entity.attachedPolicies.length;
  const flag = (present: boolean) => (present ? 1 : 0);
  return {
    Users: users.length,
    Groups: groups.length,
    Roles: roles.length,
    Policies: Object.keys(iam.policies).length,
    PolicyVersionsInUse: attachments,
    MFADevices: devices.length,
    MFADevicesInUse: devices.filter((d) => d.user !== undefined).length,
    AccountMFAEnabled: flag(iam.root.mfaSerials.length > 0),
    AccountAccessKeysPresent: flag(iam.root.accessKeys.length > 0),
    AccountPasswordPresent: flag(iam.root.loginProfile !== undefined),
    AccountSigningCertificatesPresent: flag(iam.root.signingCertificates.length > 0),
    ServerCertificates: 0,
    InstanceProfiles: 0,
    Providers: 0,
    GlobalEndpointTokenVersion: 1,
    ...QUOTAS,
  };
}

const getAccountSummary: Handler = (ctx) => ({ SummaryMap: xmlMap(accountSummary(iamAccount(ctx))) });

export const summaryOperations: Record<string, Handler> = { GetAccountSummary: getAccountSummary };
