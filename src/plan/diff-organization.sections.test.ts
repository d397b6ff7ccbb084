/** One describe per section of the Organizations diff: a small file and organization, the exact operations. */
import { describe, expect, it } from 'vitest';
import type { OrgSnapshot } from '../model/snapshot.js';
import { PlanBuilder } from './builder.js';
import {
  diffAccount,
  diffDelegatedAdministrators,
  diffLiveAccount,
  diffOrganization,
  diffOrganizationFeatures,
  diffOus,
  diffPolicy,
  diffPolicyAttachments,
  diffPolicyTypes,
  diffRootAccess,
  diffTrustedAccess,
  orgDiffContext,
  prunePolicies,
  pruneOus,
  type OrgDiff,
} from './diff-organization.js';
import { LiveView } from './live.js';
import type { Operation } from './operations.js';
import { account, desiredFrom, MGMT, ou, ROOT, scp, snapshot } from './testing/builders.js';

const DENY = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';
const DENY_YAML = '{ Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "s3:*", Resource: "*" }] }';
const PROD = '222222222222';
const AUDIT = '333333333333';
const OU_W = 'ou-ab12-aaaaaaaa';
const OU_P = 'ou-ab12-bbbbbbbb';

function setup(yaml: string, live: OrgSnapshot | null, caller?: string): { ctx: OrgDiff; b: PlanBuilder } {
  const b = new PlanBuilder();
  const desired = desiredFrom(yaml);
  return { ctx: orgDiffContext(b, desired, new LiveView(live, desired, caller)), b };
}

/** `id <- [deps]`, in the order the section added them. */
const lines = (b: PlanBuilder) => b.operations.map((op) => `${op.id} <- [${op.dependsOn.join(', ')}]`);
const op = (b: PlanBuilder, id: string): Operation => b.operations.find((o) => o.id === id)!;

const withOrg = (parts: Partial<OrgSnapshot['organization']>) => {
  const base = snapshot();
  return snapshot({ organization: { ...base.organization, ...parts } });
};

describe('diffOrganizationFeatures', () => {
  it('creates the organization when there is none, with the file’s feature set', () => {
    const { ctx, b } = setup('organization: { featureSet: CONSOLIDATED_BILLING }', null, MGMT);
    diffOrganizationFeatures(ctx);
    expect(b.operations).toEqual([
      {
        id: 'organization:create',
        dependsOn: [],
        kind: 'create-organization',
        featureSet: 'CONSOLIDATED_BILLING',
        impact: 'create',
        summary: 'create the organization (consolidated billing)',
      },
    ]);
    expect(ctx.orgDep).toBe('organization:create');
  });

  it('only notes a different feature set on a live organization', () => {
    const { ctx, b } = setup(
      'organization: { featureSet: ALL }',
      withOrg({ featureSet: 'CONSOLIDATED_BILLING' }),
    );
    diffOrganizationFeatures(ctx);
    expect(b.operations).toEqual([]);
    expect(ctx.orgDep).toBeUndefined();
    expect(b.notes).toEqual([
      "the organization uses CONSOLIDATED_BILLING and the file asks for ALL: changing the feature set needs every member's approval and is not automated",
    ]);
  });
});

describe('diffPolicyTypes', () => {
  it('without a list in the file, enables what its policies need and disables nothing', () => {
    const { ctx, b } = setup(
      `policies:\n  Tags: { type: TAG_POLICY, document: { tags: {} } }\n`,
      withOrg({ enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'BACKUP_POLICY'] }),
    );
    diffPolicyTypes(ctx);
    expect(lines(b)).toEqual(['policy-type:enable:TAG_POLICY <- []']);
    expect([...ctx.typeOps]).toEqual([['TAG_POLICY', 'policy-type:enable:TAG_POLICY']]);
  });

  it('with a list, enables the missing types in sorted order (after the organization) and disables the others', () => {
    const { ctx, b } = setup('organization: { policyTypes: [TAG_POLICY, BACKUP_POLICY] }', null, MGMT);
    diffPolicyTypes(ctx);
    expect(lines(b)).toEqual([
      'policy-type:enable:BACKUP_POLICY <- [organization:create]',
      'policy-type:enable:TAG_POLICY <- [organization:create]',
      // A new organization with all features starts with SCPs enabled.
      'policy-type:disable:SERVICE_CONTROL_POLICY <- []',
    ]);
    expect(op(b, 'policy-type:disable:SERVICE_CONTROL_POLICY')).toMatchObject({
      kind: 'disable-policy-type',
      policyType: 'SERVICE_CONTROL_POLICY',
      impact: 'delete',
    });
  });
});

describe('diffTrustedAccess', () => {
  it('adds IAM for centralized root access, enables in sorted order and disables what the file drops', () => {
    const { ctx, b } = setup(
      `organization:
  trustedAccess: [sso.amazonaws.com]
  rootAccess: { credentialsManagement: true, rootSessions: false }
`,
      withOrg({
        trustedAccess: [
          { servicePrincipal: 'sso.amazonaws.com', enabledAt: null },
          { servicePrincipal: 'guardduty.amazonaws.com', enabledAt: null },
        ],
      }),
    );
    diffTrustedAccess(ctx);
    expect(lines(b)).toEqual([
      'trusted-access:enable:iam.amazonaws.com <- []',
      'trusted-access:disable:guardduty.amazonaws.com <- []',
    ]);
    expect(op(b, 'trusted-access:enable:iam.amazonaws.com')).toMatchObject({
      kind: 'enable-trusted-access',
      servicePrincipal: 'iam.amazonaws.com',
      impact: 'create',
    });
    expect([...ctx.trustedOps.keys()]).toEqual(['iam.amazonaws.com']);
  });

  it('disables nothing when the file does not list trusted access', () => {
    const { ctx, b } = setup(
      'organization: { rootAccess: { credentialsManagement: false, rootSessions: true } }',
      withOrg({ trustedAccess: [{ servicePrincipal: 'sso.amazonaws.com', enabledAt: null }] }),
    );
    diffTrustedAccess(ctx);
    expect(lines(b)).toEqual(['trusted-access:enable:iam.amazonaws.com <- []']);
  });
});

describe('diffDelegatedAdministrators', () => {
  it('registers after trusted access and the account exist, and deregisters the live ones the file drops', () => {
    const { ctx, b } = setup(
      `accounts:
  Security: { email: security@example.com }
  Audit: { email: audit@example.com }
organization:
  delegatedAdministrators: { sso.amazonaws.com: Security, guardduty.amazonaws.com: Audit }
`,
      snapshot({
        accounts: [
          account(MGMT, 'Management', 'mgmt@example.com'),
          account(AUDIT, 'Audit', 'audit@example.com'),
        ],
        organization: {
          ...snapshot().organization,
          delegatedAdministrators: [
            { accountId: AUDIT, servicePrincipal: 'guardduty.amazonaws.com', since: null },
            { accountId: AUDIT, servicePrincipal: 'config.amazonaws.com', since: null },
          ],
        },
      }),
    );
    ctx.trustedOps.set('sso.amazonaws.com', 'trusted-access:enable:sso.amazonaws.com');
    diffDelegatedAdministrators(ctx);
    expect(lines(b)).toEqual([
      'delegated-admin:register:sso.amazonaws.com:Security <- [trusted-access:enable:sso.amazonaws.com, account:create:Security]',
      'delegated-admin:deregister:config.amazonaws.com:Audit <- []',
    ]);
    expect(op(b, 'delegated-admin:register:sso.amazonaws.com:Security')).toMatchObject({
      account: { name: 'Security' },
    });
    expect(op(b, 'delegated-admin:deregister:config.amazonaws.com:Audit')).toMatchObject({
      kind: 'deregister-delegated-administrator',
      account: { name: 'Audit', id: AUDIT },
    });
  });

  it('does nothing when the file does not manage them', () => {
    const { ctx, b } = setup(
      'accounts: {}',
      withOrg({
        delegatedAdministrators: [{ accountId: AUDIT, servicePrincipal: 'x.amazonaws.com', since: null }],
      }),
    );
    diffDelegatedAdministrators(ctx);
    expect(b.operations).toEqual([]);
  });
});

describe('diffRootAccess', () => {
  it('enables a feature after IAM trusted access and disables one the file turns off', () => {
    const { ctx, b } = setup(
      'organization: { rootAccess: { credentialsManagement: true, rootSessions: false } }',
      withOrg({ rootAccess: { credentialsManagement: false, rootSessions: true } }),
    );
    ctx.trustedOps.set('iam.amazonaws.com', 'trusted-access:enable:iam.amazonaws.com');
    diffRootAccess(ctx);
    expect(lines(b)).toEqual([
      'root-access:enable:RootCredentialsManagement <- [trusted-access:enable:iam.amazonaws.com]',
      'root-access:disable:RootSessions <- []',
    ]);
    expect(b.operations.map((o) => o.kind)).toEqual([
      'enable-root-access-feature',
      'disable-root-access-feature',
    ]);
  });
});

describe('diffOus', () => {
  it('creates missing OUs after their parent and the organization, and retags live ones', () => {
    const { ctx, b } = setup(
      `ous:
  Workloads:
    tags: { team: platform }
    ous: { Prod: { ous: { Eu: {} } } }
`,
      snapshot({ ous: [{ ...ou('Workloads', OU_W, ROOT), tags: { team: 'old', cost: 'x' } }] }),
    );
    diffOus(ctx);
    expect(lines(b)).toEqual([
      'ou:tag:Workloads <- []',
      'ou:create:Workloads/Prod <- []',
      'ou:create:Workloads/Prod/Eu <- [ou:create:Workloads/Prod]',
    ]);
    expect(op(b, 'ou:tag:Workloads')).toMatchObject({
      kind: 'tag-resource',
      target: { kind: 'ou', path: 'Workloads', id: OU_W },
      set: { team: 'platform' },
      remove: ['cost'],
    });
    expect(op(b, 'ou:create:Workloads/Prod')).toMatchObject({ parent: { path: 'Workloads', id: OU_W } });
    expect(op(b, 'ou:create:Workloads/Prod/Eu')).toMatchObject({ parent: { path: 'Workloads/Prod' } });
  });
});

describe('diffAccount', () => {
  const FILE = `
ous: { Workloads: { ous: { Prod: { accounts: [Shop] } } } }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
  Shop: { email: shop@example.com, tags: { env: prod } }
  Invited: { email: invited@example.com, id: "444444444444" }
`;

  it('creates a new account in an OU the plan creates; an account named by id is noted, the caller skipped', () => {
    const { ctx, b } = setup(FILE, null, MGMT);
    for (const planned of ctx.live.planned) diffAccount(ctx, planned);
    expect(lines(b)).toEqual(['account:create:Shop <- [organization:create, ou:create:Workloads/Prod]']);
    expect(op(b, 'account:create:Shop')).toMatchObject({
      kind: 'create-account',
      email: 'shop@example.com',
      parent: { path: 'Workloads/Prod' },
      tags: { env: 'prod' },
      summary: 'create account Shop <shop@example.com> in Workloads/Prod',
    });
    expect(b.notes).toEqual([
      'account Invited (444444444444) is not in the organization; orgward cannot create an account with a given id: invite it (see docs) or remove the id to create a new account',
    ]);
  });

  it('moves, retags and closes a live account (recording the move), and notes a different name', () => {
    const file = `
ous: { Workloads: { ous: { Prod: { accounts: [Shop] } } } }
accounts:
  Shop: { email: shop@example.com, tags: { env: prod }, close: true }
`;
    const { ctx, b } = setup(
      file,
      snapshot({
        ous: [ou('Workloads', OU_W, ROOT)],
        accounts: [
          account(MGMT, 'Management', 'mgmt@example.com'),
          account(PROD, 'Shop (old)', 'SHOP@example.com'),
        ],
      }),
    );
    const shop = ctx.live.planned.find((p) => p.name === 'Shop')!;
    diffLiveAccount(ctx, shop);
    expect(lines(b)).toEqual([
      'account:move:Shop <- [ou:create:Workloads/Prod]',
      'account:tag:Shop <- []',
      'account:close:Shop <- []',
    ]);
    expect(ctx.moveOps).toEqual(['account:move:Shop']);
    expect(op(b, 'account:move:Shop')).toMatchObject({
      account: { name: 'Shop', id: PROD },
      from: { path: '', id: ROOT },
      to: { path: 'Workloads/Prod' },
      summary: 'move account Shop from the root to Workloads/Prod',
    });
    expect(op(b, 'account:tag:Shop')).toMatchObject({ set: { env: 'prod' }, remove: [] });
    expect(b.notes).toEqual([
      `account ${PROD} is named "Shop (old)" in AWS and "Shop" in the file; orgward matches it by email and does not rename accounts`,
    ]);
  });

  it('leaves alone an account that matches, and accounts the file does not have', () => {
    const { ctx, b } = setup(
      'accounts: { Shop: { email: shop@example.com } }',
      snapshot({
        accounts: [
          account(MGMT, 'Management', 'mgmt@example.com'),
          account(PROD, 'Shop', 'shop@example.com'),
        ],
      }),
    );
    for (const planned of ctx.live.planned) diffAccount(ctx, planned);
    expect(b.operations).toEqual([]);
    expect(b.notes).toEqual([]);
  });
});

describe('pruneOus', () => {
  const LIVE = snapshot({
    ous: [ou('Old', OU_W, ROOT), ou('Old/Inner', OU_P, OU_W)],
  });

  it('deletes deepest first, each after its children and every account move', () => {
    const { ctx, b } = setup('prune: [ous]', LIVE);
    ctx.moveOps.push('account:move:Shop');
    pruneOus(ctx);
    expect(lines(b)).toEqual([
      'ou:delete:Old/Inner <- [account:move:Shop]',
      'ou:delete:Old <- [ou:delete:Old/Inner, account:move:Shop]',
    ]);
    expect(op(b, 'ou:delete:Old')).toMatchObject({ kind: 'delete-ou', ou: { path: 'Old', id: OU_W } });
  });

  it('only notes them without the prune scope', () => {
    const { ctx, b } = setup('accounts: {}', LIVE);
    pruneOus(ctx);
    expect(b.operations).toEqual([]);
    expect(b.notes).toEqual([
      "OU Old/Inner is not in the file (unmanaged; add 'ous' to prune to delete it)",
      "OU Old is not in the file (unmanaged; add 'ous' to prune to delete it)",
    ]);
  });
});

describe('diffPolicy', () => {
  it('creates a new policy after its type, then attaches it after the policy and the target exist', () => {
    const { ctx, b } = setup(
      `ous: { Workloads: {} }
policies:
  DenyS3: { type: SERVICE_CONTROL_POLICY, description: no s3, document: ${DENY_YAML}, attach: [root, ou:Workloads], tags: { a: b } }
`,
      null,
      MGMT,
    );
    ctx.typeOps.set('SERVICE_CONTROL_POLICY', 'policy-type:enable:SERVICE_CONTROL_POLICY');
    diffPolicy(ctx, ctx.desired.policies[0]!);
    expect(lines(b)).toEqual([
      'policy:create:SERVICE_CONTROL_POLICY:DenyS3 <- [organization:create, policy-type:enable:SERVICE_CONTROL_POLICY]',
      'policy:attach:SERVICE_CONTROL_POLICY:DenyS3:root <- [policy:create:SERVICE_CONTROL_POLICY:DenyS3, organization:create, policy-type:enable:SERVICE_CONTROL_POLICY]',
      'policy:attach:SERVICE_CONTROL_POLICY:DenyS3:ou:Workloads <- [policy:create:SERVICE_CONTROL_POLICY:DenyS3, ou:create:Workloads, policy-type:enable:SERVICE_CONTROL_POLICY]',
    ]);
    expect(op(b, 'policy:create:SERVICE_CONTROL_POLICY:DenyS3')).toMatchObject({
      kind: 'create-policy',
      policy: { name: 'DenyS3', type: 'SERVICE_CONTROL_POLICY' },
      description: 'no s3',
      content: DENY,
      tags: { a: 'b' },
    });
  });

  it('updates only what changed (a reformatted document is the same) and retags', () => {
    const live = {
      ...scp('p-1', 'DenyS3', JSON.stringify(JSON.parse(DENY), null, 2), [ROOT]),
      tags: { old: 'x' },
    };
    const { ctx, b } = setup(
      `policies:\n  DenyS3: { type: SERVICE_CONTROL_POLICY, description: now described, document: ${DENY_YAML}, attach: [root], tags: {} }\n`,
      snapshot({ policies: [live] }),
    );
    diffPolicy(ctx, ctx.desired.policies[0]!);
    expect(lines(b)).toEqual([
      'policy:update:SERVICE_CONTROL_POLICY:DenyS3 <- []',
      'policy:tag:SERVICE_CONTROL_POLICY:DenyS3 <- []',
    ]);
    const update = op(b, 'policy:update:SERVICE_CONTROL_POLICY:DenyS3');
    expect(update).toMatchObject({
      kind: 'update-policy',
      policy: { id: 'p-1' },
      description: 'now described',
    });
    expect(update).not.toHaveProperty('content');
    expect(update.summary).toBe('update SERVICE_CONTROL_POLICY DenyS3 (description)');
    expect(op(b, 'policy:tag:SERVICE_CONTROL_POLICY:DenyS3')).toMatchObject({
      target: { kind: 'policy', name: 'DenyS3', id: 'p-1' },
      set: {},
      remove: ['old'],
    });
  });
});

describe('diffPolicyAttachments', () => {
  it('attaches the file’s new targets and then detaches the live ones it dropped', () => {
    const live = scp('p-1', 'DenyS3', DENY, [ROOT, PROD]);
    const { ctx, b } = setup(
      `ous: { Workloads: {} }
accounts: { Shop: { email: shop@example.com }, New: { email: new@example.com } }
policies:
  DenyS3: { type: SERVICE_CONTROL_POLICY, document: ${DENY_YAML}, attach: [root, ou:Workloads, account:New] }
`,
      snapshot({
        accounts: [
          account(MGMT, 'Management', 'mgmt@example.com'),
          account(PROD, 'Shop', 'shop@example.com'),
        ],
        policies: [live],
      }),
    );
    const ref = { name: 'DenyS3', type: 'SERVICE_CONTROL_POLICY' as const, id: 'p-1' };
    diffPolicyAttachments(ctx, ctx.desired.policies[0]!, live, ref);
    expect(lines(b)).toEqual([
      'policy:attach:SERVICE_CONTROL_POLICY:DenyS3:ou:Workloads <- [ou:create:Workloads]',
      'policy:attach:SERVICE_CONTROL_POLICY:DenyS3:account:New <- [account:create:New]',
      'policy:detach:SERVICE_CONTROL_POLICY:DenyS3:account:Shop <- []',
    ]);
    expect(op(b, 'policy:detach:SERVICE_CONTROL_POLICY:DenyS3:account:Shop')).toMatchObject({
      kind: 'detach-policy',
      policy: ref,
      target: { kind: 'account', name: 'Shop', id: PROD },
      summary: 'detach DenyS3 from account:Shop',
    });
  });
});

describe('prunePolicies', () => {
  const LIVE = snapshot({
    ous: [ou('Workloads', OU_W, ROOT)],
    policies: [scp('p-1', 'Legacy', DENY, [ROOT, OU_W]), scp('p-2', 'Kept', DENY, [])],
  });
  const FILE = `policies:\n  Kept: { type: SERVICE_CONTROL_POLICY, document: ${DENY_YAML} }\n`;

  it('detaches a policy the file lacks everywhere, then deletes it after the detaches', () => {
    const { ctx, b } = setup(`${FILE}prune: [policies]\n`, LIVE);
    prunePolicies(ctx);
    expect(lines(b)).toEqual([
      'policy:detach:SERVICE_CONTROL_POLICY:Legacy:root <- []',
      'policy:detach:SERVICE_CONTROL_POLICY:Legacy:ou:Workloads <- []',
      'policy:delete:SERVICE_CONTROL_POLICY:Legacy <- [policy:detach:SERVICE_CONTROL_POLICY:Legacy:root, policy:detach:SERVICE_CONTROL_POLICY:Legacy:ou:Workloads]',
    ]);
    expect(op(b, 'policy:delete:SERVICE_CONTROL_POLICY:Legacy')).toMatchObject({
      kind: 'delete-policy',
      policy: { name: 'Legacy', type: 'SERVICE_CONTROL_POLICY', id: 'p-1' },
      impact: 'delete',
    });
  });

  it('only notes it without the prune scope', () => {
    const { ctx, b } = setup(FILE, LIVE);
    prunePolicies(ctx);
    expect(b.operations).toEqual([]);
    expect(b.notes).toEqual([
      "SERVICE_CONTROL_POLICY Legacy is not in the file (unmanaged; add 'policies' to prune to delete it)",
    ]);
  });
});

describe('diffOrganization', () => {
  it('runs the sections in order: organization, types, trusted access, admins, root access, OUs, accounts, OU deletes, policies', () => {
    const file = `
organization:
  policyTypes: [SERVICE_CONTROL_POLICY, TAG_POLICY]
  trustedAccess: [sso.amazonaws.com]
  delegatedAdministrators: { sso.amazonaws.com: Shop }
  rootAccess: { credentialsManagement: true, rootSessions: false }
ous: { Workloads: { accounts: [Shop] } }
accounts: { Shop: { email: shop@example.com } }
policies:
  DenyS3: { type: SERVICE_CONTROL_POLICY, document: ${DENY_YAML}, attach: [ou:Workloads] }
prune: [ous, policies]
`;
    const b = new PlanBuilder();
    const desired = desiredFrom(file);
    const live = snapshot({ ous: [ou('Old', OU_P, ROOT)], policies: [scp('p-9', 'Legacy', DENY, [])] });
    diffOrganization(b, desired, new LiveView(live, desired));
    expect(b.operations.map((o) => o.id)).toEqual([
      'policy-type:enable:TAG_POLICY',
      'trusted-access:enable:iam.amazonaws.com',
      'trusted-access:enable:sso.amazonaws.com',
      'delegated-admin:register:sso.amazonaws.com:Shop',
      'root-access:enable:RootCredentialsManagement',
      'ou:create:Workloads',
      'account:create:Shop',
      'ou:delete:Old',
      'policy:create:SERVICE_CONTROL_POLICY:DenyS3',
      'policy:attach:SERVICE_CONTROL_POLICY:DenyS3:ou:Workloads',
      'policy:delete:SERVICE_CONTROL_POLICY:Legacy',
    ]);
  });
});
