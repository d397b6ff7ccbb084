/** What the organization should look like: org.yaml, normalized. The planner diffs it with a snapshot. */
import type { DesiredBaseline } from './baseline.js';
import type { DesiredBudget } from './budgets.js';
import type { PolicyType } from './snapshot.js';

export type TargetRef = { kind: 'root' } | { kind: 'ou'; path: string } | { kind: 'account'; name: string };

export interface DesiredOu {
  /** `Workloads/Prod` */
  path: string;
  name: string;
  /** '' for the root. */
  parentPath: string;
  tags: Record<string, string> | undefined;
}

export interface DesiredAccount {
  name: string;
  email: string;
  id: string | undefined;
  /** '' for the root. */
  parentPath: string;
  tags: Record<string, string> | undefined;
  close: boolean;
}

export interface DesiredPolicy {
  name: string;
  type: PolicyType;
  description: string;
  /** Minified JSON, as sent to AWS. */
  content: string;
  targets: TargetRef[];
  tags: Record<string, string> | undefined;
}

export interface DesiredPermissionSet {
  name: string;
  description: string | undefined;
  sessionDuration: string;
  relayState: string | undefined;
  inlinePolicy: string | undefined;
  managedPolicies: string[];
  customerManagedPolicies: Array<{ name: string; path: string }>;
  permissionsBoundary:
    | { managedPolicyArn: string; customerManagedPolicy?: undefined }
    | { managedPolicyArn?: undefined; customerManagedPolicy: { name: string; path: string } }
    | undefined;
  tags: Record<string, string> | undefined;
}

/** A customer-managed IAM policy orgward keeps in the accounts that need it (see accountPolicySchema). */
export interface DesiredAccountPolicy {
  name: string;
  path: string;
  description: string | undefined;
  /** Minified JSON for accounts without their own; undefined: a policy that grants nothing. */
  document: string | undefined;
  /** Account name → its own document (minified JSON). */
  accounts: Record<string, string>;
}

export interface DesiredAssignment {
  principalType: 'USER' | 'GROUP';
  principalName: string;
  permissionSet: string;
  targets: TargetRef[];
  /** ISO date-time after which the assignment is removed. */
  until: string | undefined;
}

export type PruneScope =
  | 'ous'
  | 'accounts'
  | 'policies'
  | 'permissionSets'
  | 'assignments'
  | 'users'
  | 'groups'
  | 'baseline'
  | 'budgets';

export interface Desired {
  organization: {
    featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
    /** Undefined: the file does not manage this setting. */
    policyTypes: PolicyType[] | undefined;
    trustedAccess: string[] | undefined;
    delegatedAdministrators: Array<{ servicePrincipal: string; account: string }> | undefined;
    rootAccess: { credentialsManagement: boolean; rootSessions: boolean } | undefined;
  };
  ous: DesiredOu[];
  accounts: DesiredAccount[];
  policies: DesiredPolicy[];
  identityCenter:
    | {
        /** `external`: an identity provider provisions every user and group (SCIM); orgward only reads them. */
        identitySource: 'identityCenter' | 'external';
        /** The users and groups orgward creates, keeps and (with prune) deletes. */
        users: Array<{
          userName: string;
          displayName: string;
          email: string | undefined;
          givenName: string | undefined;
          familyName: string | undefined;
        }>;
        groups: Array<{ displayName: string; description: string | undefined; members: string[] }>;
        /**
         * Users and groups the file leaves to the external identity provider (by user name and display
         * name): referenced, required to exist at plan time, never created, changed or deleted.
         */
        external: { users: string[]; groups: string[] };
        permissionSets: DesiredPermissionSet[];
        customerManagedPolicies: DesiredAccountPolicy[];
        /** Assumed in member accounts to keep customerManagedPolicies there. */
        memberRoleName: string;
        assignments: DesiredAssignment[];
      }
    | undefined;
  /** The security baseline (`baseline:`); undefined when the file has none. */
  baseline: DesiredBaseline | undefined;
  /** Monthly budgets (`budgets:`); undefined when the file has none (budgets are then not read). */
  budgets: DesiredBudget[] | undefined;
  prune: ReadonlySet<PruneScope>;
}
