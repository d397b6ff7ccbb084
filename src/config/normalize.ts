/** org.yaml (validated) → Desired: paths resolved, documents read and minified, defaults applied. */
import type { Desired, DesiredOu, TargetRef } from '../model/desired.js';
import { resolveDocument, resolveSource, type ResolvedDocument } from './documents.js';
import type { ReadRelative } from './files.js';
import { GRANTS_NOTHING, policyContent } from '../model/policy-documents.js';
import type { OrgConfig, OuConfig } from './schema.js';

export function parseTarget(target: string): TargetRef {
  if (target === 'root') return { kind: 'root' };
  if (target.startsWith('ou:')) return { kind: 'ou', path: target.slice(3) };
  return { kind: 'account', name: target.slice('account:'.length) };
}

/** A resolved document, minified; undefined when the file gave none. */
function minified(resolved: ResolvedDocument | undefined): string | undefined {
  // validate() has already refused unreadable documents; this is a guard, not a user-facing path.
  if (resolved && !resolved.ok) throw new Error(resolved.problem);
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

export function normalize(config: OrgConfig, readRelative: ReadRelative): Desired {
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

  const delegated = config.organization.delegatedAdministrators;
  const ic = config.identityCenter;
  return {
    organization: {
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
    },
    ous,
    accounts: Object.entries(config.accounts ?? {}).map(([name, account]) => ({
      name,
      email: account.email,
      id: account.id,
      parentPath: parentOf.get(name) ?? '',
      tags: account.tags,
      close: account.close ?? false,
    })),
    policies: Object.entries(config.policies ?? {}).map(([name, policy]) => ({
      name,
      type: policy.type,
      description: policy.description ?? '',
      // validate() guarantees one of the two; without either, documentText refuses.
      content: sourceText(policy, readRelative) ?? documentText(policy.document, readRelative),
      targets: (policy.attach ?? []).map(parseTarget),
      tags: policy.tags,
    })),
    identityCenter: ic
      ? {
          users: Object.entries(ic.users ?? {}).map(([userName, u]) => ({
            userName,
            displayName: u.displayName,
            email: u.email,
            givenName: u.givenName,
            familyName: u.familyName,
          })),
          groups: Object.entries(ic.groups ?? {}).map(([displayName, g]) => ({
            displayName,
            description: g.description,
            members: [...(g.members ?? [])].sort(),
          })),
          permissionSets: Object.entries(ic.permissionSets ?? {}).map(([name, ps]) => ({
            name,
            description: ps.description,
            sessionDuration: ps.sessionDuration ?? 'PT1H',
            relayState: ps.relayState,
            inlinePolicy:
              ps.inlinePolicy !== undefined ? documentText(ps.inlinePolicy, readRelative) : undefined,
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
          })),
          customerManagedPolicies: Object.entries(ic.customerManagedPolicies ?? {}).map(([name, p]) => ({
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
          })),
          memberRoleName: ic.memberRoleName ?? 'OrganizationAccountAccessRole',
          assignments: (ic.assignments ?? []).map((a) => ({
            principalType: a.user !== undefined ? ('USER' as const) : ('GROUP' as const),
            principalName: a.user ?? a.group ?? '',
            permissionSet: a.permissionSet,
            targets: a.targets.map(parseTarget),
            until: a.until,
          })),
        }
      : undefined,
    prune: new Set(config.prune ?? []),
  };
}
