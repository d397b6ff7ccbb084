/**
 * A baseline read from AWS (DesiredBaseline) → `baseline:` as a person would write it: defaults left
 * out, standards by their paths, filter conditions in the file's short words, the root-access preset
 * recognised. The inverse of normalize-baseline: normalizing the result gives the same baseline back.
 */
import {
  renameConditions,
  type DesiredBaseline,
  type DesiredBucket,
  type GuardDutyFilter,
} from '../model/baseline.js';
import type { TargetRef } from '../model/desired.js';
import { standardPath } from '../model/regions.js';
import { sameValue } from '../util/json.js';
import { ROOT_TASK_PRESET } from './normalize-baseline.js';

function suppressionRules(filters: GuardDutyFilter[]): Record<string, unknown> {
  return Object.fromEntries(
    filters.map((f, i) => {
      const rule: Record<string, unknown> = {};
      if (f.description) rule.description = f.description;
      if (f.action !== 'ARCHIVE') rule.action = f.action;
      if (f.rank !== i + 1) rule.rank = f.rank;
      if (
        sameValue(renameConditions(f.criterion, 'api'), ROOT_TASK_PRESET.criterion) &&
        f.description === ROOT_TASK_PRESET.description
      )
        return [
          f.name,
          { preset: 'root-access-sessions', ...(f.action !== 'ARCHIVE' ? { action: f.action } : {}) },
        ];
      rule.criteria = renameConditions(f.criterion, 'word');
      return [f.name, rule];
    }),
  );
}

const targetText = (t: TargetRef, name: (n: string) => string) =>
  t.kind === 'root' ? 'root' : t.kind === 'ou' ? `ou:${t.path}` : `account:${name(t.name)}`;

function bucketEntry(b: DesiredBucket, name: (n: string) => string): Record<string, unknown> {
  return {
    name: b.name,
    account: name(b.account),
    ...(b.kmsKeyArn ? { kmsKeyArn: b.kmsKeyArn } : {}),
    ...(b.expireAfterDays ? { expireAfterDays: b.expireAfterDays } : {}),
    ...(b.accessLogsBucket ? {} : { accessLogs: false }),
  };
}

/** `stackSets:`, each template written to stacksets/<name>.yaml (or .json) in `files`. */
function emitStackSets(b: DesiredBaseline, files: Map<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    b.stackSets.map((s) => {
      const file = `stacksets/${s.name}.${s.template.trimStart().startsWith('{') ? 'json' : 'yaml'}`;
      files.set(file, s.template);
      const entry: Record<string, unknown> = {};
      if (s.description) entry.description = s.description;
      entry.file = file;
      if (Object.keys(s.parameters).length) entry.parameters = s.parameters;
      if (s.capabilities.length) entry.capabilities = s.capabilities;
      entry.targets = s.targets.map((t) =>
        t.kind === 'root' ? 'root' : t.kind === 'ou' ? `ou:${t.path}` : t.name,
      );
      if (!sameValue([...s.regions].sort(), [...b.regions].sort())) entry.regions = s.regions;
      if (!s.autoDeployment.enabled || s.autoDeployment.retainStacksOnAccountRemoval)
        entry.autoDeployment = s.autoDeployment;
      return [s.name, entry];
    }),
  );
}

/**
 * `baseline:` for org.yaml; `name` maps an account name to its key in the file's `accounts:`, and
 * templates the baseline holds are added to `files`.
 */
export function emitBaseline(
  b: DesiredBaseline,
  name: (account: string) => string,
  files: Map<string, string> = new Map(),
): Record<string, unknown> {
  const out: Record<string, unknown> = { regions: b.regions };
  const bucket = (bucketName: string) => b.buckets.find((x) => x.name === bucketName);
  const trailBucket = b.trail && bucket(b.trail.bucket);
  if (b.trail && trailBucket)
    out.cloudtrail = {
      organizationTrail: {
        name: b.trail.name,
        bucket: bucketEntry(trailBucket, name),
        ...(b.trail.kmsKeyArn ? { kmsKeyArn: b.trail.kmsKeyArn } : {}),
        ...(b.trail.logFileValidation ? {} : { logFileValidation: false }),
        ...(b.trail.cloudWatchLogs ? { cloudWatchLogs: b.trail.cloudWatchLogs } : {}),
      },
    };
  const configBucket = b.config && bucket(b.config.bucket);
  if (b.config && configBucket)
    out.config = {
      delegatedAdministrator: name(b.config.delegatedAdministrator),
      ...(b.config.bucket !== b.trail?.bucket ? { bucket: bucketEntry(configBucket, name) } : {}),
      ...(b.config.globalResourcesRegion !== b.homeRegion
        ? { globalResourcesRegion: b.config.globalResourcesRegion }
        : {}),
      aggregator: {
        name: b.config.aggregator.name,
        ...(b.config.aggregator.account !== b.config.delegatedAdministrator
          ? { account: name(b.config.aggregator.account) }
          : {}),
      },
    };
  if (b.guardDuty)
    out.guardduty = {
      delegatedAdministrator: name(b.guardDuty.delegatedAdministrator),
      autoEnable: b.guardDuty.autoEnable,
      ...(Object.keys(b.guardDuty.features).length ? { features: b.guardDuty.features } : {}),
      ...(b.guardDuty.filters.length ? { suppressionRules: suppressionRules(b.guardDuty.filters) } : {}),
    };
  if (b.securityHub)
    out.securityHub = {
      delegatedAdministrator: name(b.securityHub.delegatedAdministrator),
      configurationPolicies: Object.fromEntries(
        b.securityHub.policies.map((p) => [
          p.name,
          {
            ...(p.description ? { description: p.description } : {}),
            ...(p.enabled ? {} : { enabled: false }),
            standards: p.standards.map(standardPath),
            disabledControls: p.disabledControls,
            targets: p.targets.map((t) => targetText(t, name)),
          },
        ]),
      ),
    };
  if (b.accessAnalyzer)
    out.accessAnalyzer = {
      account: name(b.accessAnalyzer.account),
      analyzers: Object.fromEntries(b.accessAnalyzer.analyzers.map((a) => [a.name, a.type])),
    };
  if (b.stackSets.length) out.stackSets = emitStackSets(b, files);
  if (b.accounts) {
    const contacts = Object.fromEntries(
      Object.entries(b.accounts.alternateContacts).map(([type, c]) => [type.toLowerCase(), c]),
    );
    out.accounts = {
      s3BlockPublicAccess: b.accounts.s3BlockPublicAccess,
      ebsEncryptionByDefault: b.accounts.ebsEncryptionByDefault,
      ...(Object.keys(contacts).length ? { alternateContacts: contacts } : {}),
    };
  }
  return out;
}
