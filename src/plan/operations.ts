/**
 * A plan is data: a closed union of operations, each with a stable id, the ids it depends on, its
 * impact and a human summary. No closures. Objects that do not exist yet are referred to by name
 * (an OU by path, an account or policy by name); the executor resolves them as operations complete.
 */
import type { PolicyType } from '../model/snapshot.js';

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

export type Operation = Base &
  (
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
  );

export type OperationKind = Operation['kind'];

/** Operations that destroy something: always shown, always confirmed. */
export function isDestructive(op: Operation): boolean {
  return op.impact === 'delete' || op.kind === 'close-account';
}
