/**
 * The sections of {@link normalize}: organization, OU tree, accounts, policies and Identity Center, each
 * from the validated config through one {@link NormalizeContext}.
 */
import { isExternal } from './rules/identity-source.js';
import { OrgwardError } from '../errors/index.js';
import type {
  Desired,
  DesiredAccount,
  DesiredAccountPolicy,
  DesiredOu,
  DesiredPermissionSet,
  DesiredPolicy,
  TargetRef,
} from '../model/desired.js';
import { GRANTS_NOTHING, policyContent } from '../model/policy-documents.js';
import { resolveDocument, resolveSource, type ResolvedDocument } from './documents.js';
import type { ReadRelative } from './files.js';
import type { OrgConfig, OuConfig } from './schema.js';

/** What every section shares: the validated config and how to read the files it names. */
export interface NormalizeContext {
  config: OrgConfig;
  readRelative: ReadRelative;
}

type IdentityCenterConfig = NonNullable<OrgConfig['identityCenter']>;
type DesiredIdentityCenter = NonNullable<Desired['identityCenter']>;

export function parseTarget(target: string): TargetRef {
  if (target === 'root') return { kind: 'root' };
  if (target.startsWith('ou:')) return { kind: 'ou', path: target.slice(3) };
  return { kind: 'account', name: target.slice('account:'.length) };
}

/** A resolved document, minified; undefined when the file gave none. */
function minified(resolved: ResolvedDocument | undefined): string | undefined {
  // validate() has already refused unreadable documents; this is a guard, not a user-facing path.
  if (resolved && !resolved.ok) throw new OrgwardError('INTERNAL', resolved.problem, { source: 'internal' });
  return resolved ? policyContent(resolved.document) : undefined;
}

function documentText(value: unknown, readRelative: ReadRelative): string {
  return minified(resolveDocument(value, readRelative))!;
}

/** `document:` or `file:`, minified; undefined when neither is given. */
function sourceText(
  source: { document?: unknown; file?: string | undefined },
  readRelative: ReadRelative,
): string | undefined {
  return minified(resolveSource(source, readRelative));
}

/** Settings sorted where order does not matter; undefined where the file does not manage them. */
export function normalizeOrganization({ config }: NormalizeContext): Desired['organization'] {
  const delegated = config.organization.delegatedAdministrators;
  return {
    featureSet: config.organization.featureSet,
    policyTypes: config.organization.policyTypes ? [...config.organization.policyTypes].sort() : undefined,
    trustedAccess: config.organization.trustedAccess
      ? [...config.organization.trustedAccess].sort()
      : undefined,
    delegatedAdministrators: delegated
      ? Object.entries(delegated)
          .flatMap(([servicePrincipal, names]) =>
            (Array.isArray(names) ? names : [names]).map((account) => ({ servicePrincipal, account })),
          )
          .sort(
            (a, b) =>
              a.servicePrincipal.localeCompare(b.servicePrincipal) || a.account.localeCompare(b.account),
          )
      : undefined,
    rootAccess: config.organization.rootAccess,
  };
}

/** The OUs by path, parents before children, and the OU path each placed account is in. */
export function normalizeOus({ config }: NormalizeContext): {
  ous: DesiredOu[];
  parentOf: Map<string, string>;
} {
  const ous: DesiredOu[] = [];
  const parentOf = new Map<string, string>();
  const walk = (children: Record<string, OuConfig> | undefined, parentPath: string) => {
    for (const [name, ou] of Object.entries(children ?? {})) {
      const path = parentPath ? `${parentPath}/${name}` : name;
      ous.push({ path, name, parentPath, tags: ou.tags });
      for (const account of ou.accounts ?? []) parentOf.set(account, path);
      walk(ou.ous, path);
    }
  };
  walk(config.ous, '');
  return { ous, parentOf };
}

/** Accounts with their OU path (`''`: the root). */
export function normalizeAccounts(
  { config }: NormalizeContext,
  parentOf: ReadonlyMap<string, string>,
): DesiredAccount[] {
  return Object.entries(config.accounts ?? {}).map(([name, account]) => ({
    name,
    email: account.email,
    id: account.id,
    parentPath: parentOf.get(name) ?? '',
    tags: account.tags,
    close: account.close ?? false,
  }));
}

/** Policies with their documents read and minified, and their targets parsed. */
export function normalizePolicies({ config, readRelative }: NormalizeContext): DesiredPolicy[] {
  return Object.entries(config.policies ?? {}).map(([name, policy]) => ({
    name,
    type: policy.type,
    description: policy.description ?? '',
    // validate() guarantees one of the two; without either, documentText refuses.
    content: sourceText(policy, readRelative) ?? documentText(policy.document, readRelative),
    targets: (policy.attach ?? []).map(parseTarget),
    tags: policy.tags,
  }));
}

/** Permission sets with defaults applied, policies sorted and the inline policy read and minified. */
export function normalizePermissionSets(
  { readRelative }: NormalizeContext,
  ic: IdentityCenterConfig,
): DesiredPermissionSet[] {
  return Object.entries(ic.permissionSets ?? {}).map(([name, ps]) => ({
    name,
    description: ps.description,
    sessionDuration: ps.sessionDuration ?? 'PT1H',
    relayState: ps.relayState,
    inlinePolicy: ps.inlinePolicy !== undefined ? documentText(ps.inlinePolicy, readRelative) : undefined,
    managedPolicies: [...(ps.managedPolicies ?? [])].sort(),
    customerManagedPolicies: (ps.customerManagedPolicies ?? []).map((c) => ({
      name: c.name,
      path: c.path,
    })),
    permissionsBoundary:
      ps.permissionsBoundary === undefined
        ? undefined
        : 'managedPolicy' in ps.permissionsBoundary
          ? { managedPolicyArn: ps.permissionsBoundary.managedPolicy }
          : { customerManagedPolicy: { ...ps.permissionsBoundary.customerManagedPolicy } },
    tags: ps.tags,
  }));
}

/** Customer-managed policies kept in member accounts: a document per account (none: grants nothing). */
export function normalizeAccountPolicies(
  { readRelative }: NormalizeContext,
  ic: IdentityCenterConfig,
): DesiredAccountPolicy[] {
  return Object.entries(ic.customerManagedPolicies ?? {}).map(([name, p]) => ({
    name,
    path: p.path,
    description: p.description,
    document: sourceText(p, readRelative),
    accounts: Object.fromEntries(
      Object.entries(p.accounts ?? {}).map(([account, source]) => [
        account,
        sourceText(source, readRelative) ?? GRANTS_NOTHING,
      ]),
    ),
  }));
}

/**
 * The users and groups left to the external identity provider: those marked so (every one under
 * `identitySource: external`) and, under an external source, every principal an assignment names that
 * the file does not list.
 */
function externalPrincipals(
  ic: IdentityCenterConfig,
  external: (managedBy: string | undefined) => boolean,
): DesiredIdentityCenter['external'] {
  const users = new Set(
    Object.entries(ic.users ?? {}).flatMap(([name, u]) => (external(u.managedBy) ? [name] : [])),
  );
  const groups = new Set(
    Object.entries(ic.groups ?? {}).flatMap(([name, g]) => (external(g.managedBy) ? [name] : [])),
  );
  if (ic.identitySource === 'external') {
    for (const a of ic.assignments ?? []) {
      if (a.user !== undefined && !Object.hasOwn(ic.users ?? {}, a.user)) users.add(a.user);
      if (a.group !== undefined && !Object.hasOwn(ic.groups ?? {}, a.group)) groups.add(a.group);
    }
  }
  return { users: [...users].sort(), groups: [...groups].sort() };
}

/** Identity Center, or undefined when the file does not manage it. */
export function normalizeIdentityCenter(ctx: NormalizeContext): DesiredIdentityCenter | undefined {
  const ic = ctx.config.identityCenter;
  if (!ic) return undefined;
  const identitySource = ic.identitySource ?? 'identityCenter';
  const external = (managedBy: string | undefined) => isExternal(ic, managedBy);
  const users = Object.entries(ic.users ?? {});
  const groups = Object.entries(ic.groups ?? {});
  return {
    identitySource,
    users: users
      .filter(([, u]) => !external(u.managedBy))
      .map(([userName, u]) => ({
        userName,
        displayName: u.displayName ?? userName,
        email: u.email,
        givenName: u.givenName,
        familyName: u.familyName,
      })),
    groups: groups
      .filter(([, g]) => !external(g.managedBy))
      .map(([displayName, g]) => ({
        displayName,
        description: g.description,
        members: [...(g.members ?? [])].sort(),
      })),
    external: externalPrincipals(ic, external),
    permissionSets: normalizePermissionSets(ctx, ic),
    customerManagedPolicies: normalizeAccountPolicies(ctx, ic),
    memberRoleName: ic.memberRoleName ?? 'OrganizationAccountAccessRole',
    assignments: (ic.assignments ?? []).map((a) => ({
      principalType: a.user !== undefined ? ('USER' as const) : ('GROUP' as const),
      principalName: a.user ?? a.group ?? '',
      permissionSet: a.permissionSet,
      targets: a.targets.map(parseTarget),
      until: a.until,
    })),
  };
}
