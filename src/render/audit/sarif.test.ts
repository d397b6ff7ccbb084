import { describe, expect, it } from 'vitest';
import { sampleAuditResult } from '../../audit/testing.js';
import { renderAuditSarif } from './sarif.js';

type Json = Record<string, any>;

/**
 * What the SARIF 2.1.0 schema requires (written out: the schema is not downloaded): the required
 * properties of each object this renderer emits, their enumerations, and indices that must point at
 * something. Returns the problems found, with their JSON paths.
 */
function sarifProblems(log: Json): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, path: string, what: string) => {
    if (!ok) problems.push(`${path}: ${what}`);
  };
  const isString = (v: unknown) => typeof v === 'string' && v.length > 0;
  const message = (m: Json | undefined, path: string) =>
    need(!!m && (isString(m.text) || isString(m.id)), path, 'a message needs text or id');
  const multiformat = (m: Json | undefined, path: string) =>
    need(m === undefined || isString(m.text), path, 'multiformatMessageString needs text');
  const LEVELS = ['none', 'note', 'warning', 'error'];

  need(log.version === '2.1.0', 'version', 'must be "2.1.0"');
  need(Array.isArray(log.runs), 'runs', 'required array');
  (log.runs ?? []).forEach((run: Json, r: number) => {
    const at = `runs[${r}]`;
    const driver = run.tool?.driver;
    need(!!driver, `${at}.tool.driver`, 'required');
    need(isString(driver?.name), `${at}.tool.driver.name`, 'required string');
    const rules: Json[] = driver?.rules ?? [];
    const ids = new Set<string>();
    rules.forEach((rule, i) => {
      const p = `${at}.tool.driver.rules[${i}]`;
      need(isString(rule.id), `${p}.id`, 'required string');
      need(!ids.has(rule.id), `${p}.id`, 'unique');
      ids.add(rule.id);
      for (const k of ['shortDescription', 'fullDescription', 'help']) multiformat(rule[k], `${p}.${k}`);
      need(
        !rule.defaultConfiguration || LEVELS.includes(rule.defaultConfiguration.level),
        `${p}.level`,
        'enum',
      );
    });
    for (const [i, inv] of (run.invocations ?? []).entries())
      need(
        typeof inv.executionSuccessful === 'boolean',
        `${at}.invocations[${i}]`,
        'executionSuccessful required',
      );
    const logical: Json[] = run.logicalLocations ?? [];
    logical.forEach((l, i) => {
      need(l.index === undefined || l.index === i, `${at}.logicalLocations[${i}].index`, 'own position');
      need(
        l.parentIndex === undefined || l.parentIndex < i,
        `${at}.logicalLocations[${i}].parentIndex`,
        'a parent',
      );
    });
    need(Array.isArray(run.results), `${at}.results`, 'array');
    (run.results ?? []).forEach((res: Json, i: number) => {
      const p = `${at}.results[${i}]`;
      message(res.message, `${p}.message`);
      need(res.level === undefined || LEVELS.includes(res.level), `${p}.level`, 'enum');
      if (res.ruleIndex !== undefined)
        need(rules[res.ruleIndex]?.id === res.ruleId, `${p}.ruleIndex`, 'matches ruleId');
      need(!!res.ruleId && ids.has(res.ruleId), `${p}.ruleId`, 'a rule of the driver');
      need(
        Array.isArray(res.locations) && res.locations.length > 0,
        `${p}.locations`,
        'code scanning wants one',
      );
      (res.locations ?? []).forEach((loc: Json, j: number) => {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        need(isString(uri), `${p}.locations[${j}]`, 'artifactLocation.uri');
        const line = loc.physicalLocation?.region?.startLine;
        need(
          line === undefined || (Number.isInteger(line) && line >= 1),
          `${p}.locations[${j}].region`,
          'startLine ≥ 1',
        );
        for (const l of loc.logicalLocations ?? [])
          need(
            logical[l.index]?.fullyQualifiedName === l.fullyQualifiedName,
            `${p}.locations[${j}].logicalLocations`,
            'index points at the same logical location',
          );
      });
      for (const s of res.suppressions ?? [])
        need(['inSource', 'external'].includes(s.kind), `${p}.suppressions`, 'kind inSource or external');
      for (const s of res.suppressions ?? [])
        need(
          s.status === undefined || ['accepted', 'underReview', 'rejected'].includes(s.status),
          `${p}.suppressions`,
          'status enum',
        );
      for (const v of Object.values(res.partialFingerprints ?? {}))
        need(typeof v === 'string', `${p}.partialFingerprints`, 'string values');
    });
  });
  return problems;
}

describe('renderAuditSarif', () => {
  const result = sampleAuditResult();
  const log = JSON.parse(renderAuditSarif(result, { toolVersion: '0.1.0' }));
  const run = log.runs[0];

  it('meets the SARIF 2.1.0 required fields and references', () => {
    expect(sarifProblems(log)).toEqual([]);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(run.tool.driver).toMatchObject({ name: 'orgward', version: '0.1.0' });
  });

  it('the validator catches what it checks', () => {
    const broken = structuredClone(log);
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[1].ruleIndex = 0;
    broken.runs[0].results[2].locations = [];
    expect(sarifProblems(broken)).toEqual([
      'runs[0].tool.driver.name: required string',
      'runs[0].results[0].level: enum',
      'runs[0].results[1].ruleIndex: matches ruleId',
      'runs[0].results[2].locations: code scanning wants one',
    ]);
  });

  it('has one rule per check with descriptions, help and properties', () => {
    expect(run.tool.driver.rules.map((r: Json) => r.id as string)).toEqual(result.checks.map((c) => c.id));
    expect(run.tool.driver.rules[1]).toEqual({
      id: 'ROOT-05',
      name: 'NoMemberRootAccessKeys',
      shortDescription: { text: 'No member root access keys' },
      fullDescription: {
        text: 'A root access key cannot be limited by any policy and is the most valuable secret in an account.',
      },
      help: {
        text: 'Delete the root access keys with a privileged root session (sts:AssumeRoot).',
        markdown:
          '**How to fix:** Delete the root access keys with a privileged root session (sts:AssumeRoot).\n\n**Why it matters:** A root access key cannot be limited by any policy and is the most valuable secret in an account.',
      },
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'aws', 'orgward', 'root'],
        precision: 'high',
        'security-severity': '9.5',
        severity: 'critical',
        baselineItem: 'Root users protected',
        vantage: 'every-account',
        regional: false,
        compliance: { cis: '1.4 / 2.4', securityHub: 'IAM.4', prowler: 'iam_no_root_access_key' },
      },
    });
  });

  it('has one result per FAIL, WARN, UNKNOWN and MUTED finding, with levels by status', () => {
    const levels = run.results.map((r: Json) => `${r.properties.status} ${r.level} ${r.ruleId}`);
    expect(levels).toEqual([
      'FAIL error ROOT-05',
      'FAIL error CFG-01',
      'FAIL error IDN-03',
      'FAIL error IDN-03',
      'FAIL error DET-05',
      'UNKNOWN note CFG-01',
      'WARN warning MGMT-01',
      'MUTED error GD-03',
    ]);
  });

  it('suppresses MUTED findings as accepted, with the reason', () => {
    const muted = run.results.find((r: Json) => r.properties.status === 'MUTED');
    expect(muted.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'migration to the new detector in progress (until 2027-01-31)',
      },
    ]);
    expect(run.results.filter((r: Json) => Boolean(r.suppressions))).toHaveLength(1);
  });

  it('locates results logically at organization › account › region › resource', () => {
    const warn = run.results.find((r: Json) => r.ruleId === 'MGMT-01');
    const [loc] = warn.locations;
    expect(loc.physicalLocation).toEqual({ artifactLocation: { uri: 'org.yaml' }, region: { startLine: 1 } });
    const chain: string[] = [];
    for (let i = loc.logicalLocations[0].index; i !== undefined; i = run.logicalLocations[i].parentIndex)
      chain.unshift(`${run.logicalLocations[i].kind}:${run.logicalLocations[i].name}`);
    expect(chain).toEqual([
      'namespace:o-a1b2c3d4e5',
      'namespace:111111111111',
      'module:us-east-1',
      'resource:arn:aws:lambda:us-east-1:111111111111:function:billing-export',
    ]);
    const account = run.logicalLocations.find((l: Json) => l.name === '111111111111');
    expect(account.properties).toEqual({ accountName: 'Management', ouPath: '' });
    expect(warn.message.text).toBe(
      'WARN: 1 Lambda function runs in the management account (Management (111111111111), us-east-1, arn:aws:lambda:us-east-1:111111111111:function:billing-export)',
    );
  });

  it('fingerprints each finding by its key, the same on every run', () => {
    const prints = run.results.map((r: Json) => r.partialFingerprints.primaryLocationLineHash as string);
    expect(new Set(prints).size).toBe(prints.length);
    const again = JSON.parse(renderAuditSarif(sampleAuditResult({ generatedAt: '2027-01-01T00:00:00Z' })));
    expect(again.runs[0].results.map((r: Json) => r.partialFingerprints as Json)).toEqual(
      run.results.map((r: Json) => r.partialFingerprints as Json),
    );
    expect(run.results[0].partialFingerprints['orgwardFinding/v1']).toBe('ROOT-05|555555555555|global|');
  });

  it('takes the artifact, docs and home page from options', () => {
    const other = JSON.parse(
      renderAuditSarif(result, {
        artifactUri: 'governance/org.yaml',
        docsBaseUri: 'https://example.test/docs/checks/',
        informationUri: 'https://example.test',
      }),
    ).runs[0];
    expect(other.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('governance/org.yaml');
    expect(other.tool.driver.rules[0].helpUri).toBe('https://example.test/docs/checks/ROOT-01.md');
    expect(other.tool.driver.informationUri).toBe('https://example.test');
    expect(other.automationDetails).toEqual({ id: 'orgward-audit/o-a1b2c3d4e5/' });
  });
});
