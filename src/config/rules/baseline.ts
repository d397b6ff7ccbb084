/**
 * `baseline:` against the rest of the file: regions AWS has, accounts the file declares (and not the
 * management account where a delegated administrator is meant), templates that parse, one bucket owner,
 * and the Security Hub root-MFA controls when root credentials are managed centrally.
 */
import { parseDocument } from 'yaml';
import { ACCESS_LOGS_SUFFIX } from '../../model/baseline.js';
import { AWS_REGIONS, SECURITY_HUB_STANDARDS } from '../../model/regions.js';
import { isRefusal } from '../files.js';
import type { ConfigIssue } from '../issues.js';
import type { PathSegment } from '../source.js';
import type { BaselineConfig } from '../baseline-schema.js';
import type { ConfigIndex, RuleContext } from './context.js';

const KNOWN_REGIONS = new Set(AWS_REGIONS);
/** The controls that fail falsely once a member's root credentials are deleted centrally. */
export const ROOT_MFA_CONTROLS = ['IAM.6', 'IAM.9'];

type Report = (path: PathSegment[], message: string, rule: string, warning?: boolean) => void;

function checkRegions(b: BaselineConfig, report: Report): void {
  b.regions.forEach((r, i) => {
    if (!KNOWN_REGIONS.has(r))
      report(
        ['baseline', 'regions', i],
        `unknown region '${r}': use a Region code such as us-east-1`,
        'region',
      );
  });
  const within = (value: string | undefined, path: PathSegment[]) => {
    if (value !== undefined && !b.regions.includes(value))
      report(path, `'${value}' is not one of baseline.regions (${b.regions.join(', ')})`, 'region');
  };
  within(b.homeRegion, ['baseline', 'homeRegion']);
  within(b.config?.globalResourcesRegion, ['baseline', 'config', 'globalResourcesRegion']);
}

/** Every account name the baseline uses, with where it is. */
function accountMentions(b: BaselineConfig): Array<{ name: string; path: PathSegment[]; admin: boolean }> {
  const out: Array<{ name: string; path: PathSegment[]; admin: boolean }> = [];
  const add = (name: string | undefined, path: PathSegment[], admin: boolean) => {
    if (name !== undefined) out.push({ name, path: ['baseline', ...path], admin });
  };
  add(
    b.cloudtrail?.organizationTrail.bucket.account,
    ['cloudtrail', 'organizationTrail', 'bucket', 'account'],
    false,
  );
  add(b.config?.bucket?.account, ['config', 'bucket', 'account'], false);
  add(b.config?.delegatedAdministrator, ['config', 'delegatedAdministrator'], true);
  add(b.config?.aggregator.account, ['config', 'aggregator', 'account'], false);
  add(b.guardduty?.delegatedAdministrator, ['guardduty', 'delegatedAdministrator'], true);
  add(b.securityHub?.delegatedAdministrator, ['securityHub', 'delegatedAdministrator'], true);
  add(b.accessAnalyzer?.account, ['accessAnalyzer', 'account'], true);
  return out;
}

function checkAccounts(ctx: RuleContext, b: BaselineConfig, report: Report): void {
  const declared = ctx.config.accounts ?? {};
  const management = ctx.config.organization.managementAccount;
  for (const m of accountMentions(b)) {
    if (!(m.name in declared))
      report(
        m.path,
        `account '${m.name}' is not declared under accounts:; add it there or fix the name`,
        'reference',
      );
    else if (m.admin && m.name === management)
      report(
        m.path,
        `'${m.name}' is the management account: AWS does not let it be a delegated administrator; name a member account such as a security tooling account`,
        'delegated-admin',
      );
  }
  const trailBucket = b.cloudtrail?.organizationTrail.bucket;
  const configBucket = b.config?.bucket;
  const buckets: Array<[PathSegment[], typeof trailBucket]> = [
    [['baseline', 'cloudtrail', 'organizationTrail', 'bucket', 'name'], trailBucket],
    [['baseline', 'config', 'bucket', 'name'], configBucket],
  ];
  for (const [path, bucket] of buckets)
    if (bucket?.accessLogs && bucket.name.length > 63 - ACCESS_LOGS_SUFFIX.length)
      report(
        path,
        `bucket name ${bucket.name} leaves no room for its access-log bucket (${bucket.name}${ACCESS_LOGS_SUFFIX} is over 63 characters): shorten it or set accessLogs: false`,
        'bucket',
      );
  if (
    trailBucket &&
    configBucket &&
    trailBucket.name === configBucket.name &&
    trailBucket.account !== configBucket.account
  )
    report(
      ['baseline', 'config', 'bucket', 'account'],
      `bucket ${configBucket.name} is owned by ${trailBucket.account} in cloudtrail.organizationTrail.bucket`,
      'bucket',
    );
  if (b.config && !configBucket && !trailBucket)
    report(
      ['baseline', 'config'],
      'config needs a bucket: set config.bucket, or cloudtrail.organizationTrail whose bucket it shares',
      'bucket',
    );
}

function checkTemplates(ctx: RuleContext, b: BaselineConfig, report: Report): void {
  const templates: Array<[PathSegment[], string]> = [
    ...Object.entries(b.config?.conformancePacks ?? {}).map(([name, pack]): [PathSegment[], string] => [
      ['baseline', 'config', 'conformancePacks', name, 'file'],
      pack.file,
    ]),
    ...Object.entries(b.stackSets ?? {}).map(([name, set]): [PathSegment[], string] => [
      ['baseline', 'stackSets', name, 'file'],
      set.file,
    ]),
  ];
  for (const [path, file] of templates) {
    const text = ctx.readRelative(file);
    if (isRefusal(text)) report(path, text.refused, 'file');
    else if (text === undefined)
      report(path, `template ${file} does not exist (paths are relative to the config file)`, 'file');
    else {
      const problem = templateProblem(text);
      if (problem) report(path, `template ${file} ${problem}`, 'template');
    }
  }
}

/** Why a CloudFormation-style template (JSON or YAML) is not one; undefined when it parses to a mapping. */
export function templateProblem(text: string): string | undefined {
  let value: unknown;
  if (text.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return 'is not valid JSON';
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true });
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      return `is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${error.code}`;
    }
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'is not a template (a mapping)';
  if (!('Resources' in value)) return "has no 'Resources' section";
  return undefined;
}

/** Stack set targets name OUs of the file; their regions are regions AWS has. */
function checkStackSets(ctx: RuleContext, b: BaselineConfig, ous: ReadonlySet<string>, report: Report): void {
  for (const [name, set] of Object.entries(b.stackSets ?? {})) {
    set.targets.forEach((t, i) => {
      if (t.startsWith('ou:') && !ous.has(t.slice(3)))
        report(['baseline', 'stackSets', name, 'targets', i], `no OU '${t.slice(3)}' in ous:`, 'reference');
    });
    (set.regions ?? []).forEach((r, i) => {
      if (!KNOWN_REGIONS.has(r))
        report(
          ['baseline', 'stackSets', name, 'regions', i],
          `unknown region '${r}': use a Region code such as us-east-1`,
          'region',
        );
    });
  }
}

function checkSecurityHub(ctx: RuleContext, b: BaselineConfig, report: Report): void {
  const hub = b.securityHub;
  if (!hub) return;
  for (const [name, policy] of Object.entries(hub.configurationPolicies))
    policy.standards.forEach((s, i) => {
      if (!(s in SECURITY_HUB_STANDARDS))
        report(
          ['baseline', 'securityHub', 'configurationPolicies', name, 'standards', i],
          `unknown standard '${s}': use one of ${Object.keys(SECURITY_HUB_STANDARDS).join(', ')}`,
          'standard',
        );
    });
  if (!ctx.config.organization.rootAccess?.credentialsManagement) return;
  const handled = Object.values(hub.configurationPolicies).some(
    (p) => !p.enabled || ROOT_MFA_CONTROLS.every((c) => p.disabledControls.includes(c)),
  );
  if (!handled)
    report(
      ['baseline', 'securityHub', 'configurationPolicies'],
      `root credentials are managed centrally (organization.rootAccess), so members without root credentials fail ${ROOT_MFA_CONTROLS.join(' and ')} (root MFA) falsely: add them to disabledControls`,
      'root-mfa-controls',
      true,
    );
}

export function baseline(ctx: RuleContext, index: ConfigIndex): ConfigIssue[] {
  const b = ctx.config.baseline;
  if (!b) return [];
  const issues: ConfigIssue[] = [];
  const report: Report = (path, message, rule, warning) =>
    issues.push(ctx.source.issue(path, message, `baseline-${rule}`, warning ? { severity: 'warning' } : {}));
  checkRegions(b, report);
  checkAccounts(ctx, b, report);
  checkTemplates(ctx, b, report);
  checkStackSets(ctx, b, new Set(index.ous.keys()), report);
  checkSecurityHub(ctx, b, report);
  return issues;
}
