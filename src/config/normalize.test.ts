import { describe, expect, it } from 'vitest';
import { loadConfigText } from './load.js';
import { normalize } from './normalize.js';

const files: Record<string, string> = {
  'policies/deny-leave.json':
    '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*" }]\n}\n',
};

describe('normalize', () => {
  it('resolves OU paths, account parents, targets, documents and defaults', () => {
    const loaded = loadConfigText(
      'org.yaml',
      `
organization:
  delegatedAdministrators: { securityhub.amazonaws.com: [Sec], guardduty.amazonaws.com: Sec }
ous:
  Workloads:
    ous:
      Prod: { accounts: [Shop] }
accounts:
  Shop: { email: shop@example.com }
  Mgmt: { email: mgmt@example.com, id: "111111111111" }
  Sec: { email: sec@example.com }
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny-leave.json, attach: [root, ou:Workloads/Prod, account:Shop] }
identityCenter:
  users: { alice: { displayName: Alice, email: alice@example.com } }
  groups: { Devs: { members: [alice] } }
  permissionSets: { Dev: { managedPolicies: [arn:aws:iam::aws:policy/ViewOnlyAccess, arn:aws:iam::aws:policy/AdministratorAccess] } }
  assignments:
    - { group: Devs, permissionSet: Dev, targets: [ou:Workloads] }
prune: [assignments]
`,
      (p) => files[p],
    );
    expect(loaded.issues).toEqual([]);
    const desired = normalize(loaded.config!, (p) => files[p]);
    expect(desired.ous.map((o) => [o.path, o.parentPath])).toEqual([
      ['Workloads', ''],
      ['Workloads/Prod', 'Workloads'],
    ]);
    expect(desired.accounts.map((a) => [a.name, a.parentPath, a.id])).toEqual([
      ['Shop', 'Workloads/Prod', undefined],
      ['Mgmt', '', '111111111111'],
      ['Sec', '', undefined],
    ]);
    expect(desired.organization.delegatedAdministrators).toEqual([
      { servicePrincipal: 'guardduty.amazonaws.com', account: 'Sec' },
      { servicePrincipal: 'securityhub.amazonaws.com', account: 'Sec' },
    ]);
    expect(desired.policies[0]).toMatchObject({
      content:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}',
      targets: [{ kind: 'root' }, { kind: 'ou', path: 'Workloads/Prod' }, { kind: 'account', name: 'Shop' }],
    });
    expect(desired.identityCenter?.permissionSets[0]).toMatchObject({
      sessionDuration: 'PT1H',
      managedPolicies: [
        'arn:aws:iam::aws:policy/AdministratorAccess',
        'arn:aws:iam::aws:policy/ViewOnlyAccess',
      ],
    });
    expect(desired.identityCenter?.assignments).toEqual([
      {
        principalType: 'GROUP',
        principalName: 'Devs',
        permissionSet: 'Dev',
        targets: [{ kind: 'ou', path: 'Workloads' }],
        until: undefined,
      },
    ]);
    expect([...desired.prune]).toEqual(['assignments']);
    expect(desired.organization.policyTypes).toBeUndefined();
  });
});
