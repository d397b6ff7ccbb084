/**
 * Effective access: who reaches which account with what. From an {@link AccessModel}, the paths a person
 * has into each account — a permission set assigned to them or to a group they are in (Identity Center),
 * or a role in a member account they can assume from an IAM user in a hub account (the jump-account
 * pattern) — and, per path, the policies that decide a request made through it: the identity policies,
 * the boundary, the account's SCP chain. Built once into indexes (users → groups, account → SCP chain,
 * parsed documents cached), so the matrix and a who-can over thousands of accounts stay linear.
 */
import { contextLookup, principalContext, type ContextValues } from './context.js';
import {
  evaluate,
  type Decision,
  type PolicyLevel,
  type PolicySet,
  type RequestPrincipal,
} from './evaluate.js';
import type { AccessIamRole, AccessIamUser, AccessModel, AccessPermissionSet } from './model.js';
import { parsePolicy, type Policy } from './policy.js';

export interface IdentityCenterPath {
  kind: 'identity-center';
  accountId: string;
  permissionSet: string;
  userName: string;
  /** `user` or `group:<name>`. */
  via: string;
  until?: string;
  origin?: string;
}

export interface IamRolePath {
  kind: 'iam-role';
  accountId: string;
  roleName: string;
  roleArn: string;
  sourceAccountId: string;
  sourceUserName: string;
  /** Whether the user may assume the role: the trust policy, the user's policies and its SCPs. */
  assume: Decision;
  mfaSerial?: string;
}

export type AccessPath = IdentityCenterPath | IamRolePath;

/** A document the model does not hold: every answer through it depends on it. */
function unreadPolicy(name: string): Policy {
  return parsePolicy(name, {
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Null: { [`document:${name}`]: 'false' } } },
    ],
  });
}

const GRANTS_NOTHING: Policy = { name: 'none', statements: [] };

export class AccessIndex {
  readonly accountById = new Map<string, AccessModel['accounts'][number]>();
  readonly accountByName = new Map<string, AccessModel['accounts'][number]>();
  readonly ouPathById = new Map<string, string>();
  readonly permissionSets = new Map<string, AccessPermissionSet>();
  /** User name → the groups it is in. */
  readonly groupsOf = new Map<string, string[]>();
  readonly membersOf = new Map<string, string[]>();
  private readonly parsed = new Map<string, Policy>();
  private readonly ouById = new Map<string, AccessModel['ous'][number]>();
  private readonly sortedMembersOf = new Map<string, string[]>();
  private readonly chains = new Map<string, { scps?: PolicyLevel[]; rcps?: PolicyLevel[] }>();
  private readonly attachedAt = new Map<string, { scp: Policy[]; rcp: Policy[] }>();

  constructor(
    readonly model: AccessModel,
    /** The services RCPs apply to (the catalogue's list); undefined: every service. */
    readonly rcpServices?: ReadonlySet<string>,
  ) {
    for (const a of model.accounts) {
      this.accountById.set(a.id, a);
      this.accountByName.set(a.name.toLowerCase(), a);
    }
    this.ouPathById.set(model.organization.rootId, '');
    for (const ou of model.ous) {
      this.ouPathById.set(ou.id, ou.path);
      this.ouById.set(ou.id, ou);
    }
    for (const p of model.policies) {
      const policy = this.policy(
        `${p.type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} ${p.name}`,
        p.content,
      );
      for (const target of p.targets) {
        const at = this.attachedAt.get(target) ?? { scp: [], rcp: [] };
        (p.type === 'SERVICE_CONTROL_POLICY' ? at.scp : at.rcp).push(policy);
        this.attachedAt.set(target, at);
      }
    }
    const ic = model.identityCenter;
    for (const ps of ic?.permissionSets ?? []) this.permissionSets.set(ps.name, ps);
    for (const g of ic?.groups ?? []) {
      this.membersOf.set(g.displayName, g.members);
      for (const m of g.members) this.groupsOf.set(m, [...(this.groupsOf.get(m) ?? []), g.displayName]);
    }
  }

  /** A group's members in code-unit order. */
  sortedMembers(group: string): string[] {
    let sorted = this.sortedMembersOf.get(group);
    if (!sorted) {
      sorted = [...(this.membersOf.get(group) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.sortedMembersOf.set(group, sorted);
    }
    return sorted;
  }

  /** A parsed document, cached by name and text. */
  policy(name: string, document: string): Policy {
    const key = `${name}\u0000${document}`;
    let policy = this.parsed.get(key);
    if (!policy) {
      policy = parsePolicy(name, document);
      this.parsed.set(key, policy);
    }
    return policy;
  }

  ouPath(accountId: string): string {
    const account = this.accountById.get(accountId);
    return account ? (this.ouPathById.get(account.parentId) ?? '') : '';
  }

  /** Root → each OU → the account, as `{ target, parentId }` from the top. */
  private lineage(accountId: string): Array<{ id: string; label: string }> {
    const out: Array<{ id: string; label: string }> = [];
    const account = this.accountById.get(accountId);
    if (!account) return out;
    out.push({ id: account.id, label: `account ${account.name}` });
    let parent = account.parentId;
    const ous = this.ouById;
    while (parent && parent !== this.model.organization.rootId) {
      const ou = ous.get(parent);
      if (!ou) break;
      out.push({ id: ou.id, label: `OU ${ou.path}` });
      parent = ou.parentId;
    }
    out.push({ id: this.model.organization.rootId, label: 'Root' });
    return out.reverse();
  }

  /** The account's SCP and RCP chains (none for the management account: they do not apply there). */
  chain(accountId: string): { scps?: PolicyLevel[]; rcps?: PolicyLevel[] } {
    let chain = this.chains.get(accountId);
    if (!chain) {
      if (accountId === this.model.organization.managementAccountId || !this.accountById.has(accountId))
        chain = {};
      else {
        const levels = this.lineage(accountId);
        const of = (kind: 'scp' | 'rcp') =>
          levels.map((l) => ({ target: l.label, policies: this.attachedAt.get(l.id)?.[kind] ?? [] }));
        const scps = of('scp');
        const rcps = of('rcp');
        chain = {
          ...(scps.some((l) => l.policies.length) ? { scps } : {}),
          ...(rcps.some((l) => l.policies.length) ? { rcps } : {}),
        };
      }
      this.chains.set(accountId, chain);
    }
    return chain;
  }

  /** The chains for one action: RCPs only for the services they apply to. */
  chainFor(accountId: string, action: string): { scps?: PolicyLevel[]; rcps?: PolicyLevel[] } {
    const chain = this.chain(accountId);
    const service = action.split(':')[0]!.toLowerCase();
    if (!chain.rcps || !this.rcpServices || this.rcpServices.has(service)) return chain;
    return chain.scps ? { scps: chain.scps } : {};
  }

  private awsManaged(arn: string): Policy {
    const document = this.model.documents.awsManaged[arn];
    return document === undefined ? unreadPolicy(arn) : this.policy(arn, document);
  }

  private customerManaged(accountId: string, ref: { name: string; path: string }): Policy {
    const key = `${accountId}|${ref.name}`;
    if (!(key in this.model.documents.customerManaged))
      return unreadPolicy(`${ref.path}${ref.name} in ${accountId}`);
    const document = this.model.documents.customerManaged[key];
    return document === null ? GRANTS_NOTHING : this.policy(`${ref.path}${ref.name}`, document!);
  }

  /** The policies a session of the permission set's role in the account carries. */
  permissionSetPolicies(name: string, accountId: string): Pick<PolicySet, 'identity' | 'boundary'> {
    const ps = this.permissionSets.get(name);
    if (!ps) return { identity: [] };
    const identity: Policy[] = [];
    if (ps.inlinePolicy) identity.push(this.policy(`${name} (inline)`, ps.inlinePolicy));
    for (const arn of ps.managedPolicies) identity.push(this.awsManaged(arn));
    for (const ref of ps.customerManagedPolicies) identity.push(this.customerManaged(accountId, ref));
    const b = ps.boundary;
    const boundary = b?.managedPolicyArn
      ? this.awsManaged(b.managedPolicyArn)
      : b?.customerManagedPolicy
        ? this.customerManaged(accountId, b.customerManagedPolicy)
        : undefined;
    return { identity, ...(boundary ? { boundary } : {}) };
  }

  /** The principal keys of an account's principal (organization id and path). */
  principalKeys(accountId: string, arn: string, type: 'User' | 'AssumedRole'): ContextValues {
    const lineage = this.lineage(accountId).map((l) => l.id);
    const orgPath = `${this.model.organization.id}/${lineage.slice(0, -1).join('/')}/`;
    return principalContext({
      arn,
      accountId,
      type,
      organizationId: this.model.organization.id,
      orgPaths: [orgPath],
    });
  }

  /** Every Identity Center path of a user: direct and through groups. */
  identityCenterPaths(userName: string): IdentityCenterPath[] {
    const groups = new Set(this.groupsOf.get(userName) ?? []);
    const out: IdentityCenterPath[] = [];
    for (const a of this.model.identityCenter?.assignments ?? []) {
      const direct = a.principalType === 'USER' && a.principalName === userName;
      const viaGroup = a.principalType === 'GROUP' && groups.has(a.principalName);
      if (!direct && !viaGroup) continue;
      out.push(this.icPath(a, userName));
    }
    return out;
  }

  icPath(a: NonNullable<AccessModel['identityCenter']>['assignments'][number], userName: string) {
    return {
      kind: 'identity-center' as const,
      accountId: a.accountId,
      permissionSet: a.permissionSet,
      userName,
      via: a.principalType === 'USER' ? 'user' : `group:${a.principalName}`,
      ...(a.until ? { until: a.until } : {}),
      ...(a.origin ? { origin: a.origin } : {}),
    };
  }

  /** The role a permission set becomes in an account, as `aws:PrincipalArn` would name it. */
  ssoRoleArn(accountId: string, permissionSet: string): string {
    return `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSet}_*`;
  }

  /** Decide a request made through an Identity Center path. */
  decideIdentityCenter(
    accountId: string,
    permissionSet: string,
    request: { action: string; resource: string; resourceAccountId?: string; context: ContextValues },
  ): Decision {
    const arn = this.ssoRoleArn(accountId, permissionSet);
    const principal: RequestPrincipal = { kind: 'role', accountId, arn };
    const context = { ...this.principalKeys(accountId, arn, 'AssumedRole'), ...request.context };
    return evaluate(
      {
        principal,
        action: request.action,
        resource: request.resource,
        ...(request.resourceAccountId ? { resourceAccountId: request.resourceAccountId } : {}),
        context: contextLookup(context),
      },
      {
        ...this.permissionSetPolicies(permissionSet, accountId),
        ...this.chainFor(accountId, request.action),
      },
    );
  }

  /** The policies of an IAM user (its own and its groups') and of an IAM role. */
  iamUserPolicies(accountId: string, user: AccessIamUser): Pick<PolicySet, 'identity' | 'boundary'> {
    const groups = this.model.iam[accountId]?.groups ?? {};
    const identity = [
      ...user.policies.map((p) => this.policy(p.name, p.document)),
      ...user.groups.flatMap((g) => (groups[g] ?? []).map((p) => this.policy(`${g}: ${p.name}`, p.document))),
    ];
    const boundary = user.boundary && this.policy(user.boundary.name, user.boundary.document);
    return { identity, ...(boundary ? { boundary } : {}) };
  }

  iamRolePolicies(role: AccessIamRole): Pick<PolicySet, 'identity' | 'boundary'> {
    const identity = role.policies.map((p) => this.policy(p.name, p.document));
    const boundary = role.boundary && this.policy(role.boundary.name, role.boundary.document);
    return { identity, ...(boundary ? { boundary } : {}) };
  }

  /** May this IAM user assume that role (trust policy, the user's own policies, its account's SCPs)? */
  decideAssume(userAccountId: string, user: AccessIamUser, roleAccountId: string, role: AccessIamRole) {
    const context: ContextValues = {
      ...this.principalKeys(userAccountId, user.arn, 'User'),
      'aws:username': user.userName,
      'sts:ExternalId': null,
    };
    for (const [k, v] of Object.entries(user.tags)) context[`aws:PrincipalTag/${k}`] = v;
    return evaluate(
      {
        principal: { kind: 'user', accountId: userAccountId, arn: user.arn },
        action: 'sts:AssumeRole',
        resource: role.arn,
        resourceAccountId: roleAccountId,
        context: contextLookup(context, { closedPrefixes: ['aws:PrincipalTag/'] }),
      },
      {
        ...this.iamUserPolicies(userAccountId, user),
        ...(this.chain(userAccountId).scps ? { scps: this.chain(userAccountId).scps } : {}),
        ...(this.chainFor(roleAccountId, 'sts:AssumeRole').rcps
          ? { rcps: this.chainFor(roleAccountId, 'sts:AssumeRole').rcps }
          : {}),
        resource: this.policy(`trust policy of ${role.arn}`, role.trustPolicy),
        resourceMustAllow: true,
      },
    );
  }

  /** Decide a request made by an IAM role's session (jump path). */
  decideIamRole(
    accountId: string,
    role: AccessIamRole,
    request: { action: string; resource: string; resourceAccountId?: string; context: ContextValues },
  ): Decision {
    const context = { ...this.principalKeys(accountId, role.arn, 'AssumedRole'), ...request.context };
    return evaluate(
      {
        principal: { kind: 'role', accountId, arn: role.arn },
        action: request.action,
        resource: request.resource,
        ...(request.resourceAccountId ? { resourceAccountId: request.resourceAccountId } : {}),
        context: contextLookup(context),
      },
      { ...this.iamRolePolicies(role), ...this.chainFor(accountId, request.action) },
    );
  }

  /**
   * Roles in one account that IAM users of another account may assume (the trust policy names another
   * account or a principal in it), each with the users who can, and whether they can (allow or depends).
   */
  jumpPaths(): IamRolePath[] {
    this.jumps ??= this.findJumpPaths();
    return this.jumps;
  }

  private jumps: IamRolePath[] | undefined;

  private findJumpPaths(): IamRolePath[] {
    const out: IamRolePath[] = [];
    const iam = this.model.iam;
    for (const [roleAccountId, account] of Object.entries(iam))
      for (const role of account.roles) {
        const trusted = trustedAccounts(role.trustPolicy).filter((id) => id !== roleAccountId && iam[id]);
        for (const hub of trusted)
          for (const user of iam[hub]!.users) {
            const assume = this.decideAssume(hub, user, roleAccountId, role);
            if (assume.decision === 'ImplicitDeny' || assume.decision === 'ExplicitDeny') continue;
            out.push({
              kind: 'iam-role',
              accountId: roleAccountId,
              roleName: role.roleName,
              roleArn: role.arn,
              sourceAccountId: hub,
              sourceUserName: user.userName,
              assume,
              ...(user.mfaSerial && needsMfa(role.trustPolicy) ? { mfaSerial: user.mfaSerial } : {}),
            });
          }
      }
    return out;
  }
}

/** The accounts a trust policy's AWS principals belong to. */
export function trustedAccounts(trustPolicy: string): string[] {
  const ids = new Set<string>();
  try {
    for (const s of parsePolicy('trust', trustPolicy).statements) {
      if (s.effect !== 'Allow' || !s.principal || s.principal === '*') continue;
      for (const p of s.principal.AWS ?? []) {
        const id = /^\d{12}$/.test(p) ? p : /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(p)?.[1];
        if (id) ids.add(id);
      }
    }
  } catch {
    return [];
  }
  return [...ids];
}

function needsMfa(trustPolicy: string): boolean {
  return /aws:MultiFactorAuth(Present|Age)/i.test(trustPolicy);
}
