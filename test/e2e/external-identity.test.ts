/**
 * An organization whose people come from an external identity provider (SCIM): import writes
 * `identitySource: external`, plan on it is empty, an assignment to the provider's group plans and
 * applies without touching any membership, a file that manages the provider's group is refused before
 * anything is planned, and one that names a group the provider has not provisioned is refused too.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, importOrganization, plan, validate } from '../../src/index.js';
import { Sandbox, sandboxRequestHandler } from '../../src/api/sandbox.js';
import { ClientFactory } from '../../src/aws/clients.js';

const MANAGEMENT = '123456789012';
const PROD = '222222222222';

function world() {
  return {
    accounts: {
      [MANAGEMENT]: {
        name: 'Management',
        organization: { members: { [PROD]: {} } },
        identityStore: {
          issuer: 'https://scim.aws.com/okta-tenant-1',
          users: {
            'alice@example.com': { displayName: 'Alice Doe', email: 'alice@example.com', externalId: '00u1' },
            'bob@example.com': { displayName: 'Bob Roe', email: 'bob@example.com', externalId: '00u2' },
          },
          groups: {
            Platform: { members: ['alice@example.com', 'bob@example.com'], externalId: '00g1' },
            'Data-Engineers': { members: ['bob@example.com'], externalId: '00g2' },
          },
        },
      },
      [PROD]: { name: 'Prod', email: 'prod@example.com' },
    },
  };
}

describe('an organization whose people come from an external identity provider', () => {
  const sandbox = new Sandbox();
  sandbox.loadDocument(world());
  const factory = new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: 'orgward', secretAccessKey: 'x' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
  const dir = mkdtempSync(join(tmpdir(), 'orgward-external-'));
  const config = join(dir, 'org.yaml');
  const members = async () => {
    const { snapshot } = await plan({ config, factory });
    const ic = snapshot!.identityCenter!;
    const name = new Map(ic.users.map((u) => [u.id, u.userName]));
    return Object.fromEntries(
      ic.groups.map((g) => [g.displayName, g.members.map((m) => name.get(m)).sort()]),
    );
  };

  it('keeps every membership through import, plan and apply of a file that references the groups', async () => {
    const imported = await importOrganization({ factory });
    for (const [path, text] of imported.files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const text = imported.files.get('org.yaml')!;
    expect(text).toContain('identitySource: external');
    expect(text).not.toContain('members:');
    expect((await plan({ config, factory })).plan.operations).toEqual([]);

    writeFileSync(
      config,
      text
        .replace(
          /identityCenter:\n/,
          `identityCenter:
  permissionSets:
    ReadOnly: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
  assignments:
    - { group: Platform, permissionSet: ReadOnly, targets: [account:Prod] }
    - { group: Data-Engineers, permissionSet: ReadOnly, targets: [account:Prod] }
`,
        )
        .replace(/\n {2}permissionSets: \{\}\n/, '\n')
        .replace(/\n {2}assignments: \[\]\n/, '\n')
        .replace(/\nprune: \[\]\n?/, '\nprune: [users, groups]\n'),
    );
    expect(validate(config).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const changes = await plan({ config, factory });
    expect(changes.plan.operations.map((o) => o.kind).sort()).toEqual([
      'attach-managed-policy',
      'create-assignment',
      'create-assignment',
      'create-permission-set',
    ]);
    expect(changes.plan.notes).toContain(
      '2 users not in the file belong to the external identity provider: prune never deletes them',
    );
    const run = await apply({
      config: changes.plan,
      factory,
      confirmed: true,
      poll: { identityCenterMs: 10 },
    });
    expect(run.failed).toBe(0);
    expect(await members()).toEqual({
      'Data-Engineers': ['bob@example.com'],
      Platform: ['alice@example.com', 'bob@example.com'],
    });
    expect((await plan({ config, factory })).plan.operations).toEqual([]);
  });

  it('refuses a file that sets members on the provider’s group, at its line and column', () => {
    const broken = join(dir, 'members.yaml');
    writeFileSync(
      broken,
      'identityCenter:\n  identitySource: external\n  groups:\n    Platform: { members: [alice@example.com] }\n',
    );
    const issues = validate(broken).issues.map((i) => `${i.line}:${i.column} ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^4:26 group 'Platform' is provisioned by the external identity provider/),
    ]);
  });

  it('refuses, before planning anything, a group the provider has not provisioned and a provider group the file manages', async () => {
    const missing = join(dir, 'missing.yaml');
    writeFileSync(
      missing,
      `accounts:\n  Management: { email: m@example.com, id: "${MANAGEMENT}" }\n  Prod: { email: prod@example.com, id: "${PROD}" }\nidentityCenter:\n  identitySource: external\n  permissionSets: { ReadOnly: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] } }\n  assignments:\n    - { group: Finance, permissionSet: ReadOnly, targets: [account:Prod] }\n`,
    );
    await expect(plan({ config: missing, factory })).rejects.toMatchObject({
      code: 'IDENTITY_NOT_PROVISIONED',
      message: expect.stringContaining(
        "group 'Finance' (managed by the external identity provider) does not exist",
      ),
    });
    const managed = join(dir, 'managed.yaml');
    writeFileSync(
      managed,
      `accounts:\n  Management: { email: m@example.com, id: "${MANAGEMENT}" }\n  Prod: { email: prod@example.com, id: "${PROD}" }\nidentityCenter:\n  groups: { Platform: {} }\n`,
    );
    await expect(plan({ config: managed, factory })).rejects.toMatchObject({
      code: 'IDENTITY_NOT_PROVISIONED',
    });
    expect(await members()).toMatchObject({ Platform: ['alice@example.com', 'bob@example.com'] });
  });
});
