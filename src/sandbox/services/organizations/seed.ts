/**
 * The account-level `organization` member of world documents: the whole organization the account
 * manages, so that one document can hold several organizations (a reseller's beside the customer's).
 *
 * ```json
 * "210987654321": { "organization": {
 *   "featureSet": "ALL", "createdAt": "2026-01-05T00:00:00Z", "policyTypes": ["SERVICE_CONTROL_POLICY"],
 *   "ous": ["Customers", "Customers/Acme"],
 *   "members": { "111122223333": { "ou": "Customers/Acme", "joinedMethod": "CREATED", "joinedAt": "2026-02-01T00:00:00Z" } },
 *   "policies": [{ "name": "DenyLeave", "type": "SERVICE_CONTROL_POLICY", "content": { ... },
 *                  "targets": ["root", "Customers", "111122223333"] }],
 *   "trustedAccess": ["guardduty.amazonaws.com"],
 *   "delegatedAdministrators": [{ "account": "111122223333", "servicePrincipal": "guardduty.amazonaws.com" }] } }
 * ```
 *
 * - The organization is created as CreateOrganization creates it (ids from the world's seeded random
 *   stream, the root, the AWS-managed policies, the full-access policy of each enabled type on the root
 *   and the management account) when the account has none; otherwise the document merges into it:
 *   what it names is added or updated, nothing is removed, detached or deregistered.
 * - `featureSet` defaults to ALL when the organization is created; on a merge, ALL turns all features on
 *   and CONSOLIDATED_BILLING is refused for an organization that has them.
 * - `createdAt` is the management account's JoinedTimestamp (default: now).
 * - `policyTypes` are enabled on the root (default when created: SCPs with ALL, none otherwise).
 * - `ous` are paths of OU names from the root (`Customers/Acme`), in any order; missing OUs are created
 *   with their parents.
 * - `members` joins accounts (`ou` a listed or existing OU path, or `root`, the default for a new
 *   member; `joinedMethod` default CREATED; `joinedAt` default now). An account of this organization
 *   is moved to `ou`; an account of another organization is refused. A member that joins as CREATED
 *   gets `OrganizationAccountAccessRole` trusting the management account, as CreateAccount gives it.
 * - `policies` are created, or updated when the organization has a customer policy of that name and
 *   type, then attached to `targets`: `root`, an OU path, or a member's account id.
 * - Every refusal that needs the state (another organization, unknown OU or member, a type not
 *   enabled) is found before anything of this member is applied.
 */
import { z } from 'zod';
import type { SeedContext, Seeder } from '../../service.js';
import { WorldDocumentError } from '../../world-document.js';
import { ensureAccount, isAccountId } from '../../world.js';
import { ADMINISTRATOR_ACCESS_ARN, putServiceRole, trustAccountPolicy } from '../iam/roles.js';
import { iamOf } from '../iam/state.js';
import { newOrganizationId, newOuId, newPolicyId, newRootId } from './ids.js';
import { MAX_OU_DEPTH } from './lookup.js';
import { attachDefaults, AWS_MANAGED, FULL_ACCESS_BY_TYPE } from './organization.js';
import { organizationOf, organizationsOf, type OrganizationState, type PolicyType } from './state.js';

/** Every member of the state's PolicyType union, once (the compiler checks the list is whole). */
const POLICY_TYPE_SET: Record<PolicyType, true> = {
  SERVICE_CONTROL_POLICY: true,
  RESOURCE_CONTROL_POLICY: true,
  TAG_POLICY: true,
  BACKUP_POLICY: true,
  AISERVICES_OPT_OUT_POLICY: true,
  CHATBOT_POLICY: true,
  DECLARATIVE_POLICY_EC2: true,
  SECURITYHUB_POLICY: true,
};
const POLICY_TYPES = Object.keys(POLICY_TYPE_SET) as PolicyType[];

const OU_LIMIT = 2000;
const ROLE_NAME = 'OrganizationAccountAccessRole';
const ROOT = 'root';
/** Policies of one type AWS lets one target hold (the full-access policy counts). */
const ATTACH_LIMIT = (type: PolicyType) => (type === 'SERVICE_CONTROL_POLICY' ? 10 : 5);

const quoted = (value: unknown) => JSON.stringify(value);

const accountId = z
  .string()
  .regex(/^\d{12}$/, { error: (iss) => `${quoted(iss.input)} is not an account id (12 digits)` });

const timestamp = z.iso.datetime({
  offset: true,
  error: (iss) => `${quoted(iss.input)} is not an ISO 8601 date and time such as 2026-01-05T00:00:00Z`,
});

/** Why `path` is not an OU path (names joined by `/`), or undefined. */
function ouPathProblem(path: string): string | undefined {
  if (path === ROOT) return `"root" names the root, not an OU`;
  const names = path.split('/');
  if (names.some((name) => name.length === 0))
    return `OU path ${quoted(path)} has an empty name (names joined by "/", such as "Customers/Acme")`;
  const long = names.find((name) => name.length > 128);
  if (long !== undefined) return `OU path ${quoted(path)} has a name longer than 128 characters`;
  if (names.length > MAX_OU_DEPTH)
    return `OU path ${quoted(path)} is ${names.length} levels deep; the limit under the root is ${MAX_OU_DEPTH}`;
  return undefined;
}

const ouPath = z.string().superRefine((path, ctx) => {
  const problem = ouPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `root` or an OU path. */
const parent = z.string().superRefine((path, ctx) => {
  const problem = path === ROOT ? undefined : ouPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `root`, a member's account id or an OU path. */
const target = z.string().superRefine((value, ctx) => {
  const problem = value === ROOT || isAccountId(value) ? undefined : ouPathProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const policyType = z.enum(POLICY_TYPES, {
  error: (iss) => `${quoted(iss.input)} is not a policy type (${POLICY_TYPES.join(', ')})`,
});

const servicePrincipal = z.string().regex(/^[\w+=,.@-]{1,128}\.amazonaws\.com$/, {
  error: (iss) => `${quoted(iss.input)} is not a service principal such as guardduty.amazonaws.com`,
});

const memberSpec = z
  .object({
    ou: parent.optional(),
    joinedMethod: z
      .enum(['CREATED', 'INVITED'], {
        error: (iss) => `${quoted(iss.input)} is not a joined method (CREATED, INVITED)`,
      })
      .optional(),
    joinedAt: timestamp.optional(),
  })
  .strict();

/** Why a policy document would be refused by CreatePolicy for its type, or undefined. */
function contentProblem(type: PolicyType, doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a JSON object';
  if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') return undefined;
  const statement = (doc as Record<string, unknown>).Statement;
  const statements: unknown[] = Array.isArray(statement) ? statement : statement ? [statement] : [];
  if (statements.length === 0) return 'has no Statement';
  for (const entry of statements) {
    const st = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return 'has a statement without Effect Allow or Deny';
    if (st.Action === undefined && st.NotAction === undefined)
      return 'has a statement without Action or NotAction';
    if (type === 'SERVICE_CONTROL_POLICY' && (st.Principal !== undefined || st.NotPrincipal !== undefined))
      return 'has a Principal, which SCPs do not take';
    if (type === 'RESOURCE_CONTROL_POLICY' && st.Effect === 'Allow')
      return 'has an Allow statement (RCPs deny)';
  }
  return undefined;
}

const policySpec = z
  .object({
    name: z
      .string()
      .min(1, { error: () => 'a policy name has 1 to 128 characters' })
      .max(128, { error: (iss) => `policy name ${quoted(iss.input)} is longer than 128 characters` }),
    type: policyType,
    description: z
      .string()
      .max(512, { error: () => 'a policy description has at most 512 characters' })
      .optional(),
    /** The document: a JSON object, or its text (kept as written). */
    content: z.union([z.string(), z.record(z.string(), z.unknown())], {
      error: (iss) =>
        `the content is a JSON object or its text, not ${Array.isArray(iss.input) ? 'an array' : typeof iss.input}`,
    }),
    targets: z.array(target).default([]),
  })
  .strict()
  .superRefine((policy, ctx) => {
    let doc: unknown = policy.content;
    if (typeof policy.content === 'string') {
      try {
        doc = JSON.parse(policy.content);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `the content of policy ${quoted(policy.name)} is not valid JSON`,
          path: ['content'],
        });
        return;
      }
    }
    const problem = contentProblem(policy.type, doc);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `the content of ${policy.type} ${quoted(policy.name)} ${problem}`,
        path: ['content'],
      });
  });

const organizationSpec = z
  .object({
    featureSet: z
      .enum(['ALL', 'CONSOLIDATED_BILLING'], {
        error: (iss) => `${quoted(iss.input)} is not a feature set (ALL, CONSOLIDATED_BILLING)`,
      })
      .optional(),
    createdAt: timestamp.optional(),
    policyTypes: z.array(policyType).optional(),
    ous: z.array(ouPath).default([]),
    members: z.record(accountId, memberSpec).default({}),
    policies: z.array(policySpec).default([]),
    trustedAccess: z.array(servicePrincipal).default([]),
    delegatedAdministrators: z.array(z.object({ account: accountId, servicePrincipal }).strict()).default([]),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.featureSet === 'CONSOLIDATED_BILLING') {
      if (spec.policyTypes?.length)
        ctx.addIssue({
          code: 'custom',
          message: `policy types (${spec.policyTypes.join(', ')}) need featureSet ALL`,
          path: ['policyTypes'],
        });
      if (spec.trustedAccess.length > 0)
        ctx.addIssue({
          code: 'custom',
          message: 'trusted access needs featureSet ALL',
          path: ['trustedAccess'],
        });
    }
    const seen = new Set<string>();
    spec.policies.forEach((policy, i) => {
      const key = `${policy.type}/${policy.name}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          message: `${policy.type} ${quoted(policy.name)} is listed twice`,
          path: ['policies', i, 'name'],
        });
      seen.add(key);
    });
  });

export type OrganizationSpec = z.infer<typeof organizationSpec>;

/** Every OU of the organization by its path of names from the root. */
function ouPaths(org: OrganizationState | undefined): Map<string, string> {
  const paths = new Map<string, string>();
  if (!org) return paths;
  for (const ou of Object.values(org.ous)) {
    const names: string[] = [];
    for (let id: string | undefined = ou.id; id && id !== org.root.id; id = org.ous[id]?.parentId)
      names.unshift(org.ous[id]?.name ?? id);
    paths.set(names.join('/'), ou.id);
  }
  return paths;
}

/** The listed paths and their parents, parents first (then in the order the document names them). */
function withParents(paths: readonly string[]): string[] {
  const all: string[] = [];
  for (const path of paths) {
    const names = path.split('/');
    for (let depth = 1; depth <= names.length; depth++) {
      const prefix = names.slice(0, depth).join('/');
      if (!all.includes(prefix)) all.push(prefix);
    }
  }
  return all.sort((a, b) => a.split('/').length - b.split('/').length);
}

/** The document's content as stored: the text as written, or the object as compact JSON. */
function contentText(content: OrganizationSpec['policies'][number]['content']): string {
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/** What the state checks share: where the member is in the document, and what the organization would hold. */
interface Scope {
  /** The member's path in the document (`accounts.<id>.organization`). */
  where: string;
  /** The account's organization, if it has one. */
  org: OrganizationState | undefined;
  /** The organization's OUs by path, before the document is applied. */
  existingOus: Map<string, string>;
  /** Whether an OU path is the organization's or one the document creates. */
  knownOu: (path: string) => boolean;
  /** The management account, the organization's members and the document's. */
  members: Set<string>;
}

/** The feature set once the document is applied. */
function resultingFeatureSet(
  spec: OrganizationSpec,
  org: OrganizationState | undefined,
): OrganizationState['featureSet'] {
  return spec.featureSet === 'ALL' ? 'ALL' : (org?.featureSet ?? spec.featureSet ?? 'ALL');
}

/** Refusals of the feature set, and of what needs all features, for an existing organization. */
function featureProblems(
  where: string,
  spec: OrganizationSpec,
  org: OrganizationState | undefined,
  featureSet: OrganizationState['featureSet'],
): string[] {
  const issues: string[] = [];
  if (org?.featureSet === 'ALL' && spec.featureSet === 'CONSOLIDATED_BILLING')
    issues.push(
      `${where}.featureSet: organization ${org.id} has all features, which cannot be turned off ("CONSOLIDATED_BILLING")`,
    );
  if (featureSet !== 'ALL' && org && spec.policyTypes?.length)
    issues.push(
      `${where}.policyTypes: organization ${org.id} has consolidated billing only (featureSet ALL)`,
    );
  if (featureSet !== 'ALL' && org && spec.trustedAccess.length > 0)
    issues.push(
      `${where}.trustedAccess: organization ${org.id} has consolidated billing only (featureSet ALL)`,
    );
  return issues;
}

/** Refusals of `members`: an account of another organization, the management account's join, an unknown OU. */
function memberProblems(ctx: SeedContext, spec: OrganizationSpec, scope: Scope): string[] {
  const { world, account } = ctx;
  const { where, org, knownOu } = scope;
  const issues: string[] = [];
  for (const [id, member] of Object.entries(spec.members)) {
    const other = organizationOf(world, id);
    if (other && other.id !== org?.id) {
      const role = other.managementAccountId === id ? 'the management account of' : 'in';
      issues.push(
        `${where}.members.${id}: account ${id} is ${role} organization ${other.id} (management account ${other.managementAccountId}); an account belongs to one organization at a time`,
      );
    }
    if (id === account.id && (member.joinedMethod !== undefined || member.joinedAt !== undefined))
      issues.push(
        `${where}.members.${id}: ${id} is the management account: it joined when the organization was created (createdAt); give it only an ou`,
      );
    if (member.ou !== undefined && member.ou !== ROOT && !knownOu(member.ou))
      issues.push(
        `${where}.members.${id}.ou: OU ${quoted(member.ou)} is neither in ous nor in the organization`,
      );
  }
  return issues;
}

/** Why a policy cannot be attached to `name` (`root`, a member or an OU path), or undefined. */
function targetProblem(scope: Scope, name: string): string | undefined {
  if (name === ROOT) return undefined;
  if (isAccountId(name))
    return scope.members.has(name)
      ? undefined
      : `account ${name} is not a member of the organization (members)`;
  return scope.knownOu(name) ? undefined : `OU ${quoted(name)} is neither in ous nor in the organization`;
}

/** The customer policies the organization attaches to target `name` now, as `type/name`. */
function heldPolicies(scope: Scope, name: string): Set<string> {
  const { org, existingOus } = scope;
  const id = name === ROOT ? org?.root.id : isAccountId(name) ? name : existingOus.get(name);
  const own = (id && org?.attachments[id]) || [];
  const policies = own.map((policyId) => org?.policies[policyId]).filter((p) => p && !p.awsManaged);
  return new Set(policies.map((p) => `${p!.type}/${p!.name}`));
}

/**
 * Refusals of `policies`: an AWS-managed name, a type not enabled, an unknown target; then every target
 * that would hold more policies of a type than AWS allows.
 */
function policyProblems(spec: OrganizationSpec, scope: Scope, types: readonly PolicyType[]): string[] {
  const { where } = scope;
  const issues: string[] = [];
  // The customer policies each target would hold, as `type/name`, the document's beside its own.
  const attached = new Map<string, Set<string>>();
  spec.policies.forEach((policy, i) => {
    const at = `${where}.policies.${i}`;
    const managed = Object.values(AWS_MANAGED).some((p) => p.name === policy.name && p.type === policy.type);
    if (managed)
      issues.push(
        `${at}.name: ${quoted(policy.name)} is the AWS-managed ${policy.type} and cannot be changed`,
      );
    if (policy.targets.length > 0 && !types.includes(policy.type))
      issues.push(
        `${at}.targets: ${policy.type} is not enabled on the root, so ${quoted(policy.name)} cannot be attached (policyTypes)`,
      );
    policy.targets.forEach((name, j) => {
      const problem = targetProblem(scope, name);
      if (problem) {
        issues.push(`${at}.targets.${j}: ${problem}`);
        return;
      }
      if (!attached.has(name)) attached.set(name, heldPolicies(scope, name));
      attached.get(name)!.add(`${policy.type}/${policy.name}`);
    });
  });
  return [...issues, ...attachLimitProblems(where, attached)];
}

/** Every target of `attached` (its policies as `type/name`) that holds more of a type than AWS allows. */
function attachLimitProblems(where: string, attached: Map<string, Set<string>>): string[] {
  const issues: string[] = [];
  for (const [name, keys] of attached) {
    for (const type of new Set([...keys].map((key) => key.split('/')[0] as PolicyType))) {
      // The full-access policy of the type (where it has one) counts too.
      const total =
        [...keys].filter((key) => key.startsWith(`${type}/`)).length + (FULL_ACCESS_BY_TYPE[type] ? 1 : 0);
      if (total > ATTACH_LIMIT(type))
        issues.push(
          `${where}.policies: ${quoted(name)} would hold ${total} ${type} policies; the limit is ${ATTACH_LIMIT(type)}`,
        );
    }
  }
  return issues;
}

/** Refusals of `delegatedAdministrators`: the management account, a non-member, a service not trusted. */
function delegatedAdminProblems(ctx: SeedContext, spec: OrganizationSpec, scope: Scope): string[] {
  const { where, org, members } = scope;
  const issues: string[] = [];
  const trusted = new Set([...Object.keys(org?.trustedServices ?? {}), ...spec.trustedAccess]);
  spec.delegatedAdministrators.forEach((d, k) => {
    const at = `${where}.delegatedAdministrators.${k}`;
    if (d.account === ctx.account.id)
      issues.push(
        `${at}.account: ${d.account} is the management account, which cannot be a delegated administrator`,
      );
    else if (!members.has(d.account))
      issues.push(`${at}.account: account ${d.account} is not a member of the organization (members)`);
    else if (org?.members[d.account] && org.members[d.account]!.state !== 'ACTIVE')
      issues.push(`${at}.account: account ${d.account} is ${org.members[d.account]!.state}, not ACTIVE`);
    if (!trusted.has(d.servicePrincipal))
      issues.push(
        `${at}.servicePrincipal: ${quoted(d.servicePrincipal)} has no trusted access (list it in trustedAccess)`,
      );
  });
  return issues;
}

/**
 * Every refusal that depends on the state, each as `path: message`; nothing is changed. `org` is the
 * account's organization, if it has one.
 */
function problems(ctx: SeedContext, spec: OrganizationSpec, org: OrganizationState | undefined): string[] {
  const { account } = ctx;
  const where = `accounts.${account.id}.organization`;
  if (org && org.managementAccountId !== account.id)
    return [
      `${where}: account ${account.id} is a member of organization ${org.id} (management account ${org.managementAccountId}); only a management account describes its organization`,
    ];
  const featureSet = resultingFeatureSet(spec, org);
  const issues = featureProblems(where, spec, org, featureSet);
  const types = enabledTypes(spec, org, featureSet);

  const existingOus = ouPaths(org);
  const newOus = withParents(spec.ous).filter((path) => !existingOus.has(path));
  if (existingOus.size + newOus.length > OU_LIMIT)
    issues.push(`${where}.ous: an organization holds at most ${OU_LIMIT} OUs`);
  const scope: Scope = {
    where,
    org,
    existingOus,
    knownOu: (path) => existingOus.has(path) || newOus.includes(path),
    members: new Set([account.id, ...Object.keys(org?.members ?? {}), ...Object.keys(spec.members)]),
  };

  issues.push(...memberProblems(ctx, spec, scope));
  issues.push(...policyProblems(spec, scope, types));
  issues.push(...delegatedAdminProblems(ctx, spec, scope));
  return issues;
}

/** The policy types enabled on the root once the document is applied. */
function enabledTypes(
  spec: OrganizationSpec,
  org: OrganizationState | undefined,
  featureSet: OrganizationState['featureSet'],
): PolicyType[] {
  const initial = org
    ? org.root.policyTypes
    : (spec.policyTypes ?? (featureSet === 'ALL' ? ['SERVICE_CONTROL_POLICY'] : []));
  return [...new Set([...initial, ...(spec.policyTypes ?? [])])];
}

/** A new organization managed by the seeded account, as CreateOrganization makes it. */
function createOrganization(
  ctx: SeedContext,
  featureSet: OrganizationState['featureSet'],
): OrganizationState {
  const { world, account, now } = ctx;
  const id = newOrganizationId(world);
  const org: OrganizationState = {
    id,
    arn: `arn:aws:organizations::${account.id}:organization/${id}`,
    featureSet,
    managementAccountId: account.id,
    createdAt: now.toISOString(),
    root: { id: newRootId(world), name: 'Root', policyTypes: [], tags: [] },
    ous: {},
    members: {},
    policies: structuredClone(AWS_MANAGED),
    attachments: {},
    trustedServices: {},
    delegatedAdmins: [],
    createAccountRequests: {},
    iamFeatures: [],
  };
  org.members[account.id] = {
    accountId: account.id,
    parentId: org.root.id,
    joinedMethod: 'CREATED',
    joinedTimestamp: now.toISOString(),
    state: 'ACTIVE',
    tags: [],
  };
  organizationsOf(world)[id] = org;
  account.organizationId = id;
  return org;
}

/** Enables a policy type as EnablePolicyType does: its full-access policy goes on every target. */
function enableType(org: OrganizationState, type: PolicyType): void {
  if (org.root.policyTypes.includes(type)) return;
  org.root.policyTypes.push(type);
  const managed = FULL_ACCESS_BY_TYPE[type];
  if (!managed) return;
  org.policies[managed] ??= structuredClone(AWS_MANAGED[managed]!);
  for (const id of [org.root.id, ...Object.keys(org.ous), ...Object.keys(org.members)]) {
    const list = (org.attachments[id] ??= []);
    if (!list.includes(managed)) list.push(managed);
  }
}

/**
 * The account's organization with the document's feature set, creation time and policy types: the one it
 * has, or a new one with the full-access policies on the root and the management account.
 */
function applyOrganization(
  ctx: SeedContext,
  spec: OrganizationSpec,
  existing: OrganizationState | undefined,
): OrganizationState {
  const { account } = ctx;
  const created = !existing;
  const org = existing ?? createOrganization(ctx, spec.featureSet ?? 'ALL');
  if (spec.featureSet === 'ALL') org.featureSet = 'ALL';
  if (spec.createdAt !== undefined) {
    org.createdAt = new Date(spec.createdAt).toISOString();
    org.members[account.id]!.joinedTimestamp = org.createdAt;
  }
  for (const type of enabledTypes(spec, created ? undefined : org, org.featureSet)) enableType(org, type);
  if (created) {
    attachDefaults(org, org.root.id);
    attachDefaults(org, account.id);
  }
  return org;
}

/** Creates the document's missing OUs, parents first; returns every OU by its path. */
function applyOus(ctx: SeedContext, org: OrganizationState, spec: OrganizationSpec): Map<string, string> {
  const ous = ouPaths(org);
  for (const path of withParents(spec.ous)) {
    if (ous.has(path)) continue;
    const names = path.split('/');
    const parentId = names.length === 1 ? org.root.id : ous.get(names.slice(0, -1).join('/'))!;
    const ou = { id: newOuId(ctx.world, org), name: names.at(-1)!, parentId, tags: [] };
    org.ous[ou.id] = ou;
    attachDefaults(org, ou.id);
    ous.set(path, ou.id);
  }
  return ous;
}

/** The id of `path` (`root` or an OU path of `ous`). */
function parentIdOf(org: OrganizationState, ous: Map<string, string>, path: string): string {
  return path === ROOT ? org.root.id : ous.get(path)!;
}

/** Joins account `id` to the organization as the document describes it (the account is made if new). */
function joinMember(
  ctx: SeedContext,
  org: OrganizationState,
  ous: Map<string, string>,
  id: string,
  member: OrganizationSpec['members'][string],
): void {
  const { world, now } = ctx;
  const joinedAt = new Date(member.joinedAt ?? now).toISOString();
  const isNew = world.accounts[id] === undefined;
  const record = ensureAccount(world, id, now);
  if (isNew) record.createdAt = joinedAt;
  record.organizationId = org.id;
  org.members[id] = {
    accountId: id,
    parentId: parentIdOf(org, ous, member.ou ?? ROOT),
    joinedMethod: member.joinedMethod ?? 'CREATED',
    joinedTimestamp: joinedAt,
    state: 'ACTIVE',
    tags: [],
  };
  attachDefaults(org, id);
}

/**
 * Joins the document's new members and moves or updates the others; a member that joined as CREATED gets
 * `OrganizationAccountAccessRole` when it joins or its joined method is given, unless it has one.
 */
function applyMembers(
  ctx: SeedContext,
  org: OrganizationState,
  spec: OrganizationSpec,
  ous: Map<string, string>,
): void {
  const { world, account } = ctx;
  for (const [id, member] of Object.entries(spec.members)) {
    const current = org.members[id];
    if (current) {
      if (member.ou !== undefined) current.parentId = parentIdOf(org, ous, member.ou);
      if (member.joinedMethod !== undefined) current.joinedMethod = member.joinedMethod;
      if (member.joinedAt !== undefined) current.joinedTimestamp = new Date(member.joinedAt).toISOString();
    } else {
      joinMember(ctx, org, ous, id, member);
    }
    const joined = org.members[id]!;
    const roleWanted = !current || member.joinedMethod !== undefined;
    const memberAccount = world.accounts[id]!;
    if (
      id !== account.id &&
      roleWanted &&
      joined.joinedMethod === 'CREATED' &&
      !iamOf(memberAccount).roles[ROLE_NAME]
    )
      putServiceRole(world, memberAccount, {
        roleName: ROLE_NAME,
        assumeRolePolicyDocument: trustAccountPolicy(org.managementAccountId),
        attachedPolicies: [ADMINISTRATOR_ACCESS_ARN],
        createDate: joined.joinedTimestamp,
      });
  }
}

/** The customer policy the document names, updated, or created when the organization has none. */
function putPolicy(
  ctx: SeedContext,
  org: OrganizationState,
  policySpec: OrganizationSpec['policies'][number],
): OrganizationState['policies'][string] {
  const content = contentText(policySpec.content);
  let policy = Object.values(org.policies).find(
    (p) => !p.awsManaged && p.type === policySpec.type && p.name === policySpec.name,
  );
  if (policy) {
    policy.content = content;
    if (policySpec.description !== undefined) policy.description = policySpec.description;
  } else {
    policy = {
      id: newPolicyId(ctx.world),
      name: policySpec.name,
      description: policySpec.description ?? '',
      type: policySpec.type,
      content,
      awsManaged: false,
      tags: [],
    };
    org.policies[policy.id] = policy;
  }
  return policy;
}

/** Creates or updates the document's policies and attaches each to its targets. */
function applyPolicies(
  ctx: SeedContext,
  org: OrganizationState,
  spec: OrganizationSpec,
  ous: Map<string, string>,
): void {
  for (const policySpec of spec.policies) {
    const policy = putPolicy(ctx, org, policySpec);
    for (const name of policySpec.targets) {
      const targetId = name === ROOT ? org.root.id : isAccountId(name) ? name : ous.get(name)!;
      const list = (org.attachments[targetId] ??= []);
      if (!list.includes(policy.id)) list.push(policy.id);
    }
  }
}

/** Enables the document's trusted access and registers its delegated administrators not yet registered. */
function applyServices(ctx: SeedContext, org: OrganizationState, spec: OrganizationSpec): void {
  const { now } = ctx;
  for (const principal of spec.trustedAccess) org.trustedServices[principal] ??= now.toISOString();
  for (const d of spec.delegatedAdministrators) {
    const registered = org.delegatedAdmins.some(
      (a) => a.accountId === d.account && a.servicePrincipal === d.servicePrincipal,
    );
    if (!registered)
      org.delegatedAdmins.push({
        accountId: d.account,
        servicePrincipal: d.servicePrincipal,
        delegationEnabledDate: now.toISOString(),
      });
  }
}

export const organizationSeeder: Seeder<OrganizationSpec> = {
  key: 'organization',
  schema: organizationSpec,
  apply(ctx, spec) {
    const existing = organizationOf(ctx.world, ctx.account.id);
    const issues = problems(ctx, spec, existing);
    if (issues.length > 0) throw new WorldDocumentError(issues);

    const org = applyOrganization(ctx, spec, existing);
    const ous = applyOus(ctx, org, spec);
    applyMembers(ctx, org, spec, ous);
    applyPolicies(ctx, org, spec, ous);
    applyServices(ctx, org, spec);
  },
};
