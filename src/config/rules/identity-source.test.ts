/** Users and groups of an external identity provider: referenced by the file, never described in it. */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../load.js';
import { normalize } from '../normalize.js';

function issues(identityCenter: string): string[] {
  const text = `accounts:\n  Shop: { email: shop@example.com }\nidentityCenter:\n${identityCenter}`;
  return loadConfigText('org.yaml', text, () => undefined).issues.map(
    (i) => `${i.file}:${i.line}:${i.column} ${i.rule} ${i.path}: ${i.message}`,
  );
}

const SETS = `  permissionSets: { Dev: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] } }\n`;

describe('identity source rule', () => {
  it('accepts an external source whose assignments name people the file does not list', () => {
    expect(
      issues(`  identitySource: external
${SETS}  groups: { Platform: {} }
  assignments:
    - { group: Platform, permissionSet: Dev, targets: [account:Shop] }
    - { group: Data-Engineers, permissionSet: Dev, targets: [account:Shop] }
    - { user: alice@example.com, permissionSet: Dev, targets: [account:Shop] }
`),
    ).toEqual([]);
  });

  it('rejects members, descriptions and attributes of the provider’s groups and users, at their line and column', () => {
    expect(
      issues(`  identitySource: external
  users:
    alice: { email: alice@example.com }
  groups:
    Platform:
      description: the platform team
      members: [alice]
`),
    ).toEqual([
      "org.yaml:6:21 identity-source identityCenter.users.alice.email: user 'alice' is provisioned by the external identity provider ('identitySource: external'): its email comes from there and orgward never changes it; remove 'email'",
      "org.yaml:9:20 identity-source identityCenter.groups.Platform.description: group 'Platform' is provisioned by the external identity provider ('identitySource: external'): its description comes from there; remove 'description'",
      "org.yaml:10:16 identity-source identityCenter.groups.Platform.members: group 'Platform' is provisioned by the external identity provider ('identitySource: external'): its members come from there through SCIM and orgward never changes them; remove 'members' (manage membership in the identity provider)",
    ]);
  });

  it('marks one group external in a mixed estate; a local one keeps members; a local user needs a display name', () => {
    expect(
      issues(`  users:
    bob: { email: bob@example.com }
    alice: { managedBy: external }
  groups:
    Okta-Admins: { managedBy: external, members: [alice] }
    Breakglass: { members: [alice, bob] }
`),
    ).toEqual([
      "org.yaml:5:5 identity-source identityCenter.users.bob: user 'bob' needs a displayName: orgward creates it in Identity Center (or mark it 'managedBy: external' if your identity provider provisions it)",
      "org.yaml:8:50 identity-source identityCenter.groups.Okta-Admins.members: group 'Okta-Admins' is provisioned by the external identity provider ('managedBy: external'): its members come from there through SCIM and orgward never changes them; remove 'members' (manage membership in the identity provider)",
    ]);
  });

  it('still requires listed principals when the source is Identity Center', () => {
    expect(
      issues(`${SETS}  assignments:
    - { group: Platform, permissionSet: Dev, targets: [account:Shop] }
`),
    ).toEqual([
      "org.yaml:6:16 unknown-reference identityCenter.assignments.0.group: assignment 1: no group named 'Platform' in 'identityCenter.groups'",
    ]);
  });

  it('normalizes an external source: no managed users or groups, the referenced ones listed as external', () => {
    const loaded = loadConfigText(
      'org.yaml',
      `accounts:\n  Shop: { email: shop@example.com }\nidentityCenter:\n  identitySource: external\n${SETS}  users: { carol: { managedBy: orgward, displayName: Carol } }\n  assignments:\n    - { group: Platform, permissionSet: Dev, targets: [account:Shop] }\n`,
      () => undefined,
    );
    expect(loaded.issues).toEqual([]);
    const ic = normalize(loaded.config!, () => undefined).identityCenter!;
    expect(ic.identitySource).toBe('external');
    expect(ic.users.map((u) => u.userName)).toEqual(['carol']);
    expect(ic.groups).toEqual([]);
    expect(ic.external).toEqual({ users: [], groups: ['Platform'] });
  });
});
