/**
 * Users and groups an external identity provider owns (`identitySource: external`, or `managedBy:
 * external` on one of them): the file references them and may not describe them. Their members and
 * attributes come from the provider through SCIM; orgward never writes them, so a file that sets them
 * would be a promise orgward does not keep.
 */
import type { ConfigIssue } from '../issues.js';
import type { OrgConfig } from '../schema.js';
import type { ConfigIndex, RuleContext } from './context.js';

type IdentityCenterConfig = NonNullable<OrgConfig['identityCenter']>;

const USER_ATTRIBUTES = ['displayName', 'email', 'givenName', 'familyName'] as const;

/** True when the file leaves this user or group to the external identity provider. */
export function isExternal(ic: IdentityCenterConfig | undefined, managedBy: string | undefined): boolean {
  return managedBy === 'external' || (ic?.identitySource === 'external' && managedBy !== 'orgward');
}

export function identitySource(ctx: RuleContext, _index: ConfigIndex): ConfigIssue[] {
  const { source } = ctx;
  const ic = ctx.config.identityCenter;
  const issues: ConfigIssue[] = [];
  const provider = ic?.identitySource === 'external' ? "'identitySource: external'" : "'managedBy: external'";
  for (const [name, user] of Object.entries(ic?.users ?? {})) {
    const base = ['identityCenter', 'users', name];
    if (!isExternal(ic, user.managedBy)) {
      if (user.displayName === undefined)
        issues.push(
          source.issue(
            base,
            `user '${name}' needs a displayName: orgward creates it in Identity Center (or mark it 'managedBy: external' if your identity provider provisions it)`,
            'identity-source',
            { key: true },
          ),
        );
      continue;
    }
    for (const attribute of USER_ATTRIBUTES) {
      if (user[attribute] === undefined) continue;
      issues.push(
        source.issue(
          [...base, attribute],
          `user '${name}' is provisioned by the external identity provider (${provider}): its ${attribute} comes from there and orgward never changes it; remove '${attribute}'`,
          'identity-source',
        ),
      );
    }
  }
  for (const [name, group] of Object.entries(ic?.groups ?? {})) {
    if (!isExternal(ic, group.managedBy)) continue;
    const base = ['identityCenter', 'groups', name];
    if (group.members !== undefined)
      issues.push(
        source.issue(
          [...base, 'members'],
          `group '${name}' is provisioned by the external identity provider (${provider}): its members come from there through SCIM and orgward never changes them; remove 'members' (manage membership in the identity provider)`,
          'identity-source',
        ),
      );
    if (group.description !== undefined)
      issues.push(
        source.issue(
          [...base, 'description'],
          `group '${name}' is provisioned by the external identity provider (${provider}): its description comes from there; remove 'description'`,
          'identity-source',
        ),
      );
  }
  return issues;
}
