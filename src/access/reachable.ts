/**
 * What one person can reach: an account and a role in it, by Identity Center (a permission set assigned
 * to them or to a group they belong to) or by switching role from an IAM user in a hub ("jump") account.
 * The access commands derive these from the effective-access model; `profiles.ts` and `links.ts` turn them
 * into `~/.aws/config` sections and sign-in links. Pure data.
 */

export interface ReachableBase {
  accountId: string;
  accountName: string;
  /** OU path from the root (`Workloads/Prod`); '' for an account directly under the root. */
  ouPath: string;
}

/** A permission set the person can use in an account through Identity Center. */
export interface ReachableIdentityCenter extends ReachableBase {
  kind: 'identity-center';
  /** The permission set's name (the portal's `role_name`). */
  permissionSet: string;
  /** ISO date-time after which the assignment ends, when it is time-bound. */
  until?: string;
  /** `user` (assigned to the person) or `group:<display name>`. */
  via: string;
}

/** An IAM role the person can assume from an IAM user in a hub account (the jump-account pattern). */
export interface ReachableIamRole extends ReachableBase {
  kind: 'iam-role';
  roleName: string;
  roleArn: string;
  /** The hub account and IAM user the person starts from. */
  sourceAccountId: string;
  sourceUserName: string;
  /** The user's MFA device, when the role's trust policy requires MFA. */
  mfaSerial?: string;
}

export type Reachable = ReachableIdentityCenter | ReachableIamRole;

/** The Identity Center access portal. */
export interface AccessPortal {
  /** `https://d-1234567890.awsapps.com/start` (or a custom subdomain). */
  startUrl: string;
  /** The Identity Center instance's region. */
  region: string;
}
