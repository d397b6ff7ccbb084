/**
 * The baseline as code, end to end through the library on an in-process sandbox: examples/baseline
 * applies to an empty organization, the audit afterwards passes the logging and detection checks, a
 * second plan is empty, and an account added to the file is covered by every part in the same apply.
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { GetMembersCommand as GdGetMembers, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetMembersCommand as HubGetMembers, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply, audit, defaultSettings, plan, validate } from '../../src/index.js';
import { suggestBaseline } from '../../src/api/audit.js';
import { renderSuggestion } from '../../src/render/suggest.js';
import { loadDesired } from '../../src/api/config.js';
import { inProcessFactory, Sandbox } from '../../src/api/sandbox.js';
import type { ClientFactory } from '../../src/aws/clients.js';
import type { Desired } from '../../src/model/desired.js';
import type { ApplyRun } from '../../src/api/apply.js';
import { runFailures } from '../support/failure.js';

const CONFIG = new URL('../../examples/baseline/org.yaml', import.meta.url).pathname;
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1'];
const BASELINE_CHECKS = /^(LOG|CFG|GD|SH|DET)-/;

async function applyAll(factory: ClientFactory, config: string | Desired): Promise<ApplyRun> {
  const { plan: changes } = await plan({ config, factory });
  return apply({ config: changes, factory, confirmed: true, poll: { accountsMs: 10 } });
}

const notes = (run: ApplyRun) => run.outcomes.flatMap((o) => (o.status === 'done' && o.note ? [o.note] : []));
const failures = runFailures;

describe('examples/baseline on an empty organization', () => {
  const factory = inProcessFactory(new Sandbox());
  let first: ApplyRun;

  beforeAll(async () => {
    first = await applyAll(factory, CONFIG);
  }, 120_000);

  it('applies without a failure and reports each new account covered', () => {
    expect(failures(first)).toEqual([]);
    for (const name of ['Log Archive', 'Security Tooling', 'App Prod', 'App Dev'])
      expect(notes(first)).toContain(
        `${name}: trail ✓  Config 3/3 regions ✓  GuardDuty ✓  Security Hub ✓  stack sets 1/1 ✓  contacts 2/2 ✓`,
      );
  });

  it('plans nothing the second time', async () => {
    const again = await plan({ config: CONFIG, factory });
    expect(again.plan.operations.map((o) => o.summary)).toEqual([]);
  });

  it('leaves no FAIL in the logging and detection checks', async () => {
    const { result } = await audit({ factory, scope: { regions: REGIONS } });
    const failed = result.findings.filter((f) => BASELINE_CHECKS.test(f.check) && f.status === 'FAIL');
    expect(failed.map((f) => `${f.check} ${f.accountName} ${f.region}: ${f.message}`)).toEqual([]);
    // Members were created without root credentials (centralized root access): no root-MFA false failure.
    const rootFailures = result.findings.filter(
      (f) => f.check.startsWith('ROOT-') && f.status === 'FAIL' && f.accountId !== result.managementAccountId,
    );
    expect(rootFailures.map((f) => `${f.check} ${f.accountName}: ${f.message}`)).toEqual([]);
    const passed = new Set(result.findings.filter((f) => f.status === 'PASS').map((f) => f.check));
    for (const id of [
      'LOG-01',
      'LOG-05',
      'LOG-07',
      'CFG-01',
      'CFG-03',
      'GD-02',
      'GD-03',
      'SH-01',
      'SH-02',
      'DET-02',
      'DET-03',
      'DET-05',
    ])
      expect(passed).toContain(id);
  }, 60_000);

  it('covers an account added to the file in the same apply', async () => {
    const desired = loadDesired(CONFIG, {}, undefined, 'nothing was planned');
    desired.accounts.push({
      name: 'Shop QA',
      email: 'aws+shop-qa@example.com',
      id: undefined,
      parentPath: 'Workloads/Dev',
      tags: undefined,
      close: false,
    });
    const run = await applyAll(factory, desired);
    expect(failures(run)).toEqual([]);
    expect(notes(run)).toContain(
      'Shop QA: trail ✓  Config 3/3 regions ✓  GuardDuty ✓  Security Hub ✓  stack sets 1/1 ✓  contacts 2/2 ✓',
    );
    const snapshot = (await plan({ config: desired, factory })).snapshot!;
    expect((await plan({ config: desired, factory })).plan.operations).toEqual([]);
    const qa = snapshot.accounts.find((a) => a.name === 'Shop QA')!.id;
    const security = snapshot.accounts.find((a) => a.name === 'Security Tooling')!.id;
    const inQa = factory.assumeRole(qa, 'OrganizationAccountAccessRole');
    const inSecurity = factory.assumeRole(security, 'OrganizationAccountAccessRole');
    // The organization trail shows in the member as a shadow trail.
    const trails = await inQa.cloudTrail('us-east-1').send(new DescribeTrailsCommand({}));
    expect(trails.trailList?.map((t) => [t.Name, t.IsOrganizationTrail])).toEqual([
      ['organization-trail', true],
    ]);
    for (const region of REGIONS) {
      const status = await inQa.config(region).send(new DescribeConfigurationRecorderStatusCommand({}));
      expect(status.ConfigurationRecordersStatus?.[0]?.recording).toBe(true);
      const gd = inSecurity.guardDuty(region);
      const DetectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds![0]!;
      const members = await gd.send(new GdGetMembers({ DetectorId, AccountIds: [qa] }));
      expect(members.Members?.[0]?.RelationshipStatus).toBe('Enabled');
      const hub = await inSecurity.securityHub(region).send(new HubGetMembers({ AccountIds: [qa] }));
      expect(hub.Members?.[0]?.MemberStatus).toBe('Enabled');
      const standards = await inQa.securityHub(region).send(new GetEnabledStandardsCommand({}));
      expect(
        standards.StandardsSubscriptions?.map((s) => s.StandardsArn?.split('/').slice(-3).join('/')).sort(),
      ).toEqual([
        'aws-foundational-security-best-practices/v/1.0.0',
        'cis-aws-foundations-benchmark/v/3.0.0',
      ]);
    }
    const contact = await factory
      .accountManagement()
      .send(new GetAlternateContactCommand({ AccountId: qa, AlternateContactType: 'SECURITY' }));
    expect(contact.AlternateContact?.EmailAddress).toBe('security@example.com');
  }, 120_000);
});

describe('audit --suggest closes the loop', () => {
  it('suggests a fragment that validates, applies, and fixes what it says (but what it leaves to fill in)', async () => {
    const factory = inProcessFactory(new Sandbox());
    const dir = mkdtempSync(join(tmpdir(), 'orgward-suggest-'));
    const base = `organization: { featureSet: ALL }
ous:
  Security: { accounts: [Log Archive, Security Tooling] }
  Workloads: { accounts: [App] }
accounts:
  Log Archive: { email: aws+logs@example.com }
  Security Tooling: { email: aws+security@example.com }
  App: { email: aws+app@example.com }
`;
    writeFileSync(join(dir, 'org.yaml'), base);
    await applyAll(factory, join(dir, 'org.yaml'));
    const scope = { regions: ['us-east-1', 'eu-west-1'] };
    const before = await audit({ factory, scope });
    const suggestion = suggestBaseline(before.result, before.collection, defaultSettings());
    expect(suggestion.fixes).toEqual(
      expect.arrayContaining(['LOG-01', 'CFG-01', 'GD-01', 'SH-01', 'DET-05', 'DP-05']),
    );
    const fragment = renderSuggestion(suggestion);
    expect(fragment).toMatch(/^# Paste into org.yaml/);
    writeFileSync(join(dir, 'org.yaml'), `${base}${fragment.replace(/^#.*\n/gm, '')}`);
    expect(validate(join(dir, 'org.yaml')).errors).toBe(0);
    const run = await applyAll(factory, join(dir, 'org.yaml'));
    expect(failures(run)).toEqual([]);
    const after = await audit({ factory, scope });
    const left = new Set(after.result.findings.filter((f) => f.status === 'FAIL').map((f) => f.check));
    const toFill = suggestion.todo.map((t) => t.split(':')[0]);
    expect(suggestion.fixes.filter((id) => left.has(id))).toEqual(toFill.filter((id) => left.has(id!)));
  }, 180_000);
});
