/**
 * A plan is data: a closed union of operations, each with a stable id, the ids it depends on, its
 * impact and a human summary. No closures. Objects that do not exist yet are referred to by name
 * (an OU by path, an account or policy by name); the executor resolves them as operations complete.
 */
import type {
  AutoEnable,
  Contact,
  ContactType,
  DesiredBucket,
  DesiredStackSet,
  DesiredTrail,
  GuardDutyFilter,
  PasswordPolicy,
  SecurityHubPolicy,
} from '../model/baseline.js';
import type { DesiredBudgetAlert } from '../model/budgets.js';
import type { PolicyType } from '../model/snapshot.js';
import type { RetireStep } from '../model/iam-users.js';
import type { TransferStep } from '../model/transfer.js';

export type Impact = 'create' | 'update' | 'delete' | 'replace';

/** `''` is the root. */
export interface OuRef {
  path: string;
  id?: string;
}
export interface AccountRef {
  name: string;
  id?: string;
}
export interface PolicyRef {
  name: string;
  type: PolicyType;
  id?: string;
}
export type TargetRef =
  { kind: 'root'; id?: string } | ({ kind: 'ou' } & OuRef) | ({ kind: 'account' } & AccountRef);
export interface PermissionSetRef {
  name: string;
  arn?: string;
}
export interface PrincipalRef {
  type: 'USER' | 'GROUP';
  name: string;
  id?: string;
}

interface Base {
  id: string;
  dependsOn: string[];
  impact: Impact;
  summary: string;
}

/** Where a baseline operation acts: an account (by name or id), a region, the role to assume there. */
export interface BaselineSite {
  account: AccountRef;
  region: string;
  /** The role assumed in the account; unused when the account is the caller's. */
  roleName: string;
}

/** The baseline's operations (`baseline:` in org.yaml): organization-wide services, then each account. */
export type BaselineOperation =
  | { kind: 'put-log-bucket'; site: BaselineSite; bucket: DesiredBucket; trail: DesiredTrail | undefined }
  | { kind: 'put-organization-trail'; region: string; trail: DesiredTrail }
  | {
      kind: 'enable-service-administrator';
      service: 'guardduty' | 'securityhub';
      region: string;
      account: AccountRef;
    }
  | {
      kind: 'configure-guardduty-organization';
      site: BaselineSite;
      autoEnable: AutoEnable;
      features: Record<string, AutoEnable | 'NONE'>;
    }
  | { kind: 'put-guardduty-filter'; site: BaselineSite; filter: GuardDutyFilter }
  | { kind: 'delete-guardduty-filter'; site: BaselineSite; name: string }
  | { kind: 'configure-securityhub-central'; site: BaselineSite; linkedRegions: string[] }
  | { kind: 'put-securityhub-policy'; site: BaselineSite; policy: SecurityHubPolicy; targets: TargetRef[] }
  | { kind: 'delete-securityhub-policy'; site: BaselineSite; name: string }
  | { kind: 'put-config-aggregator'; site: BaselineSite; name: string }
  | { kind: 'put-conformance-pack'; site: BaselineSite; name: string; template: string }
  | { kind: 'delete-conformance-pack'; site: BaselineSite; name: string }
  | { kind: 'put-analyzer'; site: BaselineSite; name: string; analyzerType: string }
  | { kind: 'delete-analyzer'; site: BaselineSite; name: string }
  | {
      kind: 'put-stack-set';
      region: string;
      stackSet: DesiredStackSet;
      targets: TargetRef[];
      /** Under `prune: [baseline]`: targets (root or OU ids) and regions whose instances go. */
      remove: { targetIds: string[]; regions: string[] };
    }
  | { kind: 'delete-stack-set'; region: string; name: string; targetIds: string[]; regions: string[] }
  | {
      /** One account's own settings: only the parts it lacks (all of them for a new account). */
      kind: 'put-account-baseline';
      site: BaselineSite;
      /** Regions that need the Config recorder and channel (delivering to `bucket`). */
      recorder: { regions: string[]; bucket: string; globalRegion: string } | undefined;
      ebsEncryptionRegions: string[];
      s3BlockPublicAccess: boolean;
      contacts: Partial<Record<ContactType, Contact>>;
      /** Set where the account has IAM users and its policy differs. */
      passwordPolicy: PasswordPolicy | undefined;
      /** The account is the management account: contacts are written without AccountId. */
      management: boolean;
    }
  | {
      /** After an account is created: reads back and reports every baseline part it is covered by. */
      kind: 'verify-account-baseline';
      site: BaselineSite;
      expect: {
        trail: string | undefined;
        configRegions: string[];
        guardDuty: { region: string; admin: AccountRef } | undefined;
        securityHub: { region: string; admin: AccountRef } | undefined;
        contacts: ContactType[];
        /** Stack sets whose targets hold the account, and how many regions each deploys to. */
        stackSets: Array<{ name: string; regions: number }>;
      };
    };

/** A monthly cost budget as the plan keeps it: the accounts it covers are resolved at apply time. */
export interface BudgetSpec {
  name: string;
  /** USD per month, shortest decimal form. */
  amount: string;
  /** The accounts its LinkedAccount filter names; undefined: the whole organization (no filter). */
  accounts: AccountRef[] | undefined;
  alerts: DesiredBudgetAlert[];
}

/** Budgets (`budgets:` in org.yaml), kept with AWS Budgets in the management account. */
export type BudgetOperation =
  | {
      /** Creates the budget, or brings its amount, accounts and alerts to the spec; idempotent. */
      kind: 'put-budget';
      /** The management account, where the budget lives. */
      accountId: string;
      budget: BudgetSpec;
      /** What differs, for people (empty on create). */
      changes: string[];
    }
  | { kind: 'delete-budget'; accountId: string; name: string };

/** One step of moving an account between organizations (`orgward transfer execute`). */
export type TransferOperation = { kind: 'transfer-step'; accountId: string; step: TransferStep };

/** One step of retiring an IAM user (`orgward iam-users retire`), inside its account. */
export type IamUserOperation = {
  kind: 'iam-user-step';
  accountId: string;
  userName: string;
  /** `caller`: the user is in the caller's own account; else the role assumed to reach it. */
  via: 'caller' | { roleName: string };
  step: RetireStep;
};

export type Operation = Base &
  (
    | TransferOperation
    | IamUserOperation
    | { kind: 'create-organization'; featureSet: 'ALL' | 'CONSOLIDATED_BILLING' }
    | { kind: 'enable-policy-type'; policyType: PolicyType }
    | { kind: 'disable-policy-type'; policyType: PolicyType }
    | { kind: 'enable-trusted-access'; servicePrincipal: string }
    | { kind: 'disable-trusted-access'; servicePrincipal: string }
    | { kind: 'register-delegated-administrator'; servicePrincipal: string; account: AccountRef }
    | { kind: 'deregister-delegated-administrator'; servicePrincipal: string; account: AccountRef }
    | { kind: 'enable-root-access-feature'; feature: 'RootCredentialsManagement' | 'RootSessions' }
    | { kind: 'disable-root-access-feature'; feature: 'RootCredentialsManagement' | 'RootSessions' }
    | { kind: 'create-ou'; ou: OuRef; name: string; parent: OuRef; tags: Record<string, string> }
    | { kind: 'delete-ou'; ou: OuRef }
    | {
        kind: 'create-account';
        account: AccountRef;
        email: string;
        parent: OuRef;
        tags: Record<string, string>;
      }
    | { kind: 'move-account'; account: AccountRef; from: OuRef; to: OuRef }
    | { kind: 'close-account'; account: AccountRef }
    | {
        kind: 'tag-resource';
        target: TargetRef | ({ kind: 'policy' } & PolicyRef);
        set: Record<string, string>;
        remove: string[];
      }
    | {
        kind: 'create-policy';
        policy: PolicyRef;
        description: string;
        content: string;
        tags: Record<string, string>;
      }
    | { kind: 'update-policy'; policy: PolicyRef; description?: string; content?: string }
    | { kind: 'delete-policy'; policy: PolicyRef }
    | { kind: 'attach-policy'; policy: PolicyRef; target: TargetRef }
    | { kind: 'detach-policy'; policy: PolicyRef; target: TargetRef }
    | {
        kind: 'create-user';
        user: PrincipalRef;
        displayName: string;
        email?: string;
        givenName?: string;
        familyName?: string;
      }
    | { kind: 'update-user'; user: PrincipalRef; displayName: string; email?: string }
    | { kind: 'delete-user'; user: PrincipalRef }
    | { kind: 'create-group'; group: PrincipalRef; description?: string }
    | { kind: 'delete-group'; group: PrincipalRef }
    | { kind: 'add-group-member'; group: PrincipalRef; user: PrincipalRef }
    | { kind: 'remove-group-member'; group: PrincipalRef; user: PrincipalRef }
    | {
        kind: 'create-permission-set';
        permissionSet: PermissionSetRef;
        description?: string;
        sessionDuration: string;
        relayState?: string;
        tags: Record<string, string>;
      }
    | {
        kind: 'update-permission-set';
        permissionSet: PermissionSetRef;
        description?: string;
        sessionDuration: string;
        relayState?: string;
      }
    | { kind: 'put-inline-policy'; permissionSet: PermissionSetRef; document: string }
    | { kind: 'delete-inline-policy'; permissionSet: PermissionSetRef }
    | { kind: 'attach-managed-policy'; permissionSet: PermissionSetRef; policyArn: string }
    | { kind: 'detach-managed-policy'; permissionSet: PermissionSetRef; policyArn: string }
    | { kind: 'attach-customer-managed-policy'; permissionSet: PermissionSetRef; name: string; path: string }
    | { kind: 'detach-customer-managed-policy'; permissionSet: PermissionSetRef; name: string; path: string }
    | {
        kind: 'put-permissions-boundary';
        permissionSet: PermissionSetRef;
        boundary: { managedPolicyArn: string } | { customerManagedPolicy: { name: string; path: string } };
      }
    | { kind: 'delete-permissions-boundary'; permissionSet: PermissionSetRef }
    | { kind: 'delete-permission-set'; permissionSet: PermissionSetRef }
    | { kind: 'provision-permission-set'; permissionSet: PermissionSetRef; accounts: AccountRef[] }
    | {
        /** Create the IAM policy in the account, or make the file's document its default version. */
        kind: 'put-account-policy';
        account: AccountRef;
        name: string;
        path: string;
        description?: string;
        document: string;
        /** 'caller': the account the plan was made from; else the role assumed in the account. */
        via: 'caller' | { roleName: string };
      }
    | {
        kind: 'create-assignment';
        permissionSet: PermissionSetRef;
        principal: PrincipalRef;
        account: AccountRef;
      }
    | {
        kind: 'delete-assignment';
        permissionSet: PermissionSetRef;
        principal: PrincipalRef;
        account: AccountRef;
      }
    | BaselineOperation
    | BudgetOperation
  );

export type OperationKind = Operation['kind'];

/** Operations that destroy something: always shown, always confirmed. */
export function isDestructive(op: Operation): boolean {
  return op.impact === 'delete' || op.kind === 'close-account';
}
