/**
 * The audit end to end on a seeded sandbox estate: the real collector through the real SDK clients,
 * then the checks. Every verdict below follows from the world document: good and bad accounts side by
 * side, one region with a delegated administrator and one without.
 */
import { readFileSync } from 'node:fs';
import { PutOrganizationConformancePackCommand } from '@aws-sdk/client-config-service';
import { EnableAWSServiceAccessCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/engine.js';
import type { AuditCollection } from '../../src/model/evidence.js';
import { auditSettingsSchema } from '../../src/model/audit-settings.js';
import type { AuditResult, Status } from '../../src/audit/types.js';
import { collectAudit } from '../../src/read/audit/collect.js';
import { buildEstate, type Estate } from '../support/estate.js';
import { inProcessTarget, type Target } from '../support/targets.js';

const REGIONS = ['eu-west-1', 'us-east-1'];

/** The IAM action behind a counted call (`service:Operation` as the client factory counts it). */
function iamAction(call: string): string {
  const [service, operation] = call.split(':') as [string, string];
  const renamed: Record<string, string> = {
    's3:ListBuckets': 's3:ListAllMyBuckets',
    's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
    's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
    's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  };
  const prefix: Record<string, string> = { 'sso-admin': 'sso', s3control: 's3' };
  return renamed[call] ?? `${prefix[service] ?? service}:${operation}`;
}

describe('orgward audit on a seeded estate', () => {
  let target: Target;
  let estate: Estate;
  let collection: AuditCollection;
  let result: AuditResult;
  const settings = auditSettingsSchema.parse({ iam: { breakGlassUsers: ['break-glass'] } });

  beforeAll(async () => {
    target = inProcessTarget();
    estate = await buildEstate(target);
    const { ids } = estate;
    const accounts: Record<string, unknown> = {};
    for (const id of Object.values(ids)) accounts[id] = {};
    const at = (name: string, spec: Record<string, unknown>) =>
      (accounts[ids[name]!] = { ...(accounts[ids[name]!] as object), ...spec });
    at('Management', {
      rootCredentials: { password: true, mfa: 'virtual' },
      iamUsers: {
        'deploy-bot': { password: true, accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] },
        'break-glass': { password: true, mfa: 'hardware' },
      },
      regions: {
        'us-east-1': {
          trails: [
            {
              name: 'org-trail',
              s3BucketName: 'org-trail-logs',
              organization: true,
              kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k',
            },
          ],
          guardduty: { organizationAdmin: ids['Security Tooling'] },
          securityHub: { enabled: false, organizationAdmin: ids['Security Tooling'] },
        },
      },
    });
    at('Security Tooling', {
      regions: {
        'us-east-1': {
          guardduty: { autoEnableOrganizationMembers: 'ALL' },
          securityHub: { enabled: true },
          analyzers: [{ name: 'org', type: 'ORGANIZATION' }],
        },
      },
    });
    at('Shop Dev', {
      rootCredentials: { password: true, accessKeys: 1, signingCertificates: 1, mfa: 'virtual' },
    });
    at('Shop Prod', {
      alternateContacts: {
        SECURITY: { name: 'Sec', title: 'CISO', email: 'sec@example.com', phone: '+1 555 0100' },
      },
      regions: Object.fromEntries(
        REGIONS.map((r) => [
          r,
          {
            config: {
              recorder: { recording: true, includeGlobalResourceTypes: r === 'us-east-1' },
              deliveryChannel: { s3BucketName: 'org-config-logs' },
            },
          },
        ]),
      ),
    });
    at('Playground', { iamUsers: { alice: { password: true } } });
    estate.seed({ accounts });
    // Reading members' alternate contacts from the management account needs Account Management trusted access.
    await estate.factory
      .organizations()
      .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'account.amazonaws.com' }));
    // An organization conformance pack deployed from the management account; the security tooling
    // account is not the Config delegated administrator, so only the management account can list it.
    await estate.factory
      .organizations()
      .send(
        new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config-multiaccountsetup.amazonaws.com' }),
      );
    await estate.factory.config('us-east-1').send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: 'cis-baseline',
        TemplateBody: 'Resources: {}',
      }),
    );
    collection = await collectAudit(estate.factory, { settings, regions: REGIONS, sleep: async () => {} });
    result = runAudit(collection, settings, new Date());
  }, 120_000);
  afterAll(() => target.close());

  const verdicts = (check: string, account: string, region = 'global') =>
    result.findings
      .filter((f) => f.check === check && f.accountId === estate.ids[account] && f.region === region)
      .map((f) => f.status);
  const verdict = (check: string, account: string, region = 'global'): Status | undefined => {
    const all = verdicts(check, account, region);
    expect(all.length, `${check} ${account} ${region}: ${all.join(',')}`).toBeLessThanOrEqual(1);
    return all[0];
  };

  it('recognises the security tooling and log-archive accounts and reads every account in both regions', () => {
    expect(collection.roles.securityTooling).toBe(estate.ids['Security Tooling']);
    expect(collection.roles.logArchive).toBe(estate.ids['Log Archive']);
    expect(collection.regions).toEqual(REGIONS);
    expect(Object.keys(collection.accounts)).toHaveLength(7);
    expect(result.checks).toHaveLength(59);
  });

  it('root: features off, member credentials found where seeded, MFA graded only where credentials exist', () => {
    expect(verdict('ROOT-01', 'Management')).toBe('FAIL');
    expect(verdict('ROOT-03', 'Management')).toBe('FAIL');
    expect(verdict('ROOT-04', 'Management')).toBe('WARN');
    expect(verdict('ROOT-05', 'Shop Dev')).toBe('FAIL');
    expect(verdict('ROOT-05', 'Shop Prod')).toBe('PASS');
    expect(verdict('ROOT-06', 'Shop Dev')).toBe('NOT_APPLICABLE');
    expect(verdict('ROOT-07', 'Shop Dev')).toBe('FAIL');
    expect(verdict('ROOT-08', 'Management')).toBe('NOT_APPLICABLE');
    expect(verdict('ROOT-09', 'Shop Prod')).toBe('NOT_APPLICABLE');
    expect(verdict('ROOT-09', 'Shop Dev')).toBe('PASS');
    expect(verdict('ROOT-10', 'Shop Dev')).toBe('FAIL');
    expect(verdict('ROOT-10', 'Management')).toBe('FAIL');
    expect(verdict('ROOT-12', 'Management')).toBe('PASS');
  });

  it('logging: the organization trail covers every member; Config only where seeded', () => {
    for (const check of ['LOG-01', 'LOG-02', 'LOG-03', 'LOG-06'])
      expect(verdict(check, 'Management')).toBe('PASS');
    for (const name of ['Log Archive', 'Shop Prod', 'Playground'])
      expect(verdict('LOG-07', name)).toBe('PASS');
    for (const region of REGIONS) {
      expect(verdict('CFG-01', 'Shop Prod', region)).toBe('PASS');
      expect(verdict('CFG-01', 'Shop Dev', region)).toBe('FAIL');
      expect(verdict('CFG-04', 'Shop Prod', region)).toBe('PASS');
    }
    expect(verdict('CFG-02', 'Shop Prod')).toBe('PASS');
  });

  it('detection: the delegated administrator answers in us-east-1; eu-west-1 falls back per account', () => {
    expect(verdict('GD-01', 'Management', 'us-east-1')).toBe('PASS');
    expect(verdict('GD-01', 'Management', 'eu-west-1')).toBe('FAIL');
    expect(verdict('GD-02', 'Security Tooling', 'us-east-1')).toBe('PASS');
    expect(verdict('GD-03', 'Shop Prod', 'us-east-1')).toBe('PASS');
    expect(verdict('GD-03', 'Security Tooling', 'us-east-1')).toBe('PASS');
    expect(verdict('GD-03', 'Shop Prod', 'eu-west-1')).toBe('FAIL');
    expect(verdict('SH-01', 'Management', 'us-east-1')).toBe('FAIL');
    expect(verdict('SH-02', 'Security Tooling', 'us-east-1')).toBe('PASS');
    expect(verdict('SH-02', 'Shop Prod', 'us-east-1')).toBe('FAIL');
    expect(verdict('DET-03', 'Security Tooling')).toBe('PASS');
    expect(
      result.findings.find((f) => f.check === 'DET-03')?.message,
      'read from the management account, the only one AWS answers here',
    ).toContain('pack cis-baseline');
    expect(verdict('DET-05', 'Security Tooling', 'us-east-1')).toBe('PASS');
    expect(verdict('DET-05', 'Security Tooling', 'eu-west-1')).toBe('FAIL');
  });

  it('people and the management account: IAM users with passwords fail, break-glass excepted', () => {
    expect(verdicts('IDN-03', 'Management')).toEqual(['FAIL']);
    expect(
      result.findings.find(
        (f) => f.check === 'IDN-03' && f.status === 'FAIL' && f.accountId === estate.ids.Management,
      )?.message,
    ).toMatch(/deploy-bot/);
    expect(verdict('IDN-03', 'Playground')).toBe('FAIL');
    expect(verdict('IDN-03', 'Shop Prod')).toBe('PASS');
    expect(verdict('IDN-05', 'Playground')).toBe('FAIL');
    expect(verdict('IDN-04', 'Management')).toBe('FAIL');
    expect(verdict('MGMT-02', 'Management')).toBe('FAIL');
    expect(verdict('IDN-01', 'Management')).toBe('PASS');
    expect(verdict('IDN-02', 'Shop Prod')).toBe('FAIL');
  });

  it('organization and guardrails', () => {
    expect(verdict('ORG-01', 'Management')).toBe('PASS');
    expect(verdict('ORG-02', 'Management')).toBe('PASS');
    expect(verdict('ORG-03', 'Shop Prod')).toBe('PASS');
    expect(verdict('ORG-03', 'Shop Dev')).toBe('FAIL');
    expect(verdict('SCP-01', 'Management')).toBe('PASS');
    expect(verdict('SCP-03', 'Shop Dev')).toBe('PASS');
    expect(verdict('SCP-04', 'Shop Dev')).toBe('FAIL');
    expect(verdict('RCP-01', 'Shop Dev')).toBe('FAIL');
  });

  it('needs only the actions docs/iam/audit-read-only.json allows, none of which writes', () => {
    const policy = JSON.parse(
      readFileSync(new URL('../../docs/iam/audit-read-only.json', import.meta.url), 'utf8'),
    ) as {
      Statement: Array<{ Action: string[] }>;
    };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const called = Object.keys(estate.factory.stats.snapshot().byOperation)
      .filter(
        (op) =>
          !/^(sts:GetCallerIdentity|organizations:(CreateOrganization|CreateOrganizationalUnit|CreateAccount|DescribeCreateAccountStatus|MoveAccount|CreatePolicy|AttachPolicy|EnableAWSServiceAccess|ListAccounts)|config:PutOrganizationConformancePack)$/.test(
            op,
          ),
      )
      .map(iamAction);
    expect(called.filter((action) => !allowed.has(action))).toEqual([]);
    expect(
      [...allowed].filter((a) => !/:(Describe|Get|List|GenerateCredentialReport|AssumeRole$)/.test(a)),
    ).toEqual([]);
  });

  it('reports what the read cost', () => {
    expect(collection.cost!.calls).toBeGreaterThan(100);
    const perAccount = estate.factory.stats.snapshot().byAccount;
    expect(perAccount[estate.ids['Shop Prod']!]).toBeGreaterThan(10);
  });
});
