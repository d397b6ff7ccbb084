/**
 * What the organization runs, as the baseline a file would declare: discovery aims the baseline reader,
 * and what it read becomes a DesiredBaseline (config/emit-baseline writes it as YAML). Where the file
 * cannot say what AWS has (a trail without validation, one member without Config), the file states the
 * baseline and the plan shows the gap; notes say so.
 */
import type { ClientFactory } from '../../aws/clients.js';
import {
  accessLogsBucketName,
  type BaselineState,
  type Contact,
  type ContactType,
  type DesiredBaseline,
  type DesiredBucket,
  type LiveAccount,
} from '../../model/baseline.js';
import type { TargetRef } from '../../model/desired.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { sameValue } from '../../util/json.js';
import { discoverBaseline, probeOf, type Discovery } from './discover.js';
import { readBaseline } from './index.js';

export interface ImportedBaseline {
  baseline: DesiredBaseline | undefined;
  notes: string[];
}

function buckets(probe: DesiredBaseline, state: BaselineState, notes: string[]): DesiredBucket[] {
  return probe.buckets.flatMap((b) => {
    const live = state.buckets[b.name];
    if (!live) return [];
    const logs = accessLogsBucketName(b.name);
    if (live.loggingTarget && live.loggingTarget !== logs)
      notes.push(
        `bucket ${b.name} logs to ${live.loggingTarget}; the file says accessLogs: false (orgward writes ${logs} when on)`,
      );
    if (!live.versioning || !live.publicAccessBlock)
      notes.push(
        `bucket ${b.name} lacks ${[!live.versioning && 'versioning', !live.publicAccessBlock && 'Block Public Access'].filter(Boolean).join(' and ')}: plan will set it`,
      );
    return [
      {
        ...b,
        kmsKeyArn:
          live.encryption?.algorithm === 'aws:kms' ? (live.encryption.kmsKeyArn ?? undefined) : undefined,
        expireAfterDays: live.expireAfterDays ?? undefined,
        accessLogsBucket: live.loggingTarget === logs ? logs : undefined,
      },
    ];
  });
}

/** A setting every active account has (and agrees on); undefined when some account differs. */
function everywhere<T>(accounts: LiveAccount[], get: (a: LiveAccount) => T | undefined): T | undefined {
  const first = accounts[0] ? get(accounts[0]) : undefined;
  return first !== undefined && accounts.every((a) => sameValue(get(a), first)) ? first : undefined;
}

function accountSettings(probe: DesiredBaseline, state: BaselineState): DesiredBaseline['accounts'] {
  const accounts = Object.values(state.accounts);
  if (!accounts.length) return undefined;
  const contacts: Partial<Record<ContactType, Contact>> = {};
  for (const type of ['SECURITY', 'OPERATIONS', 'BILLING'] as const) {
    const c = everywhere(accounts, (a) => a.contacts[type]);
    if (c) contacts[type] = c;
  }
  return {
    s3BlockPublicAccess: everywhere(accounts, (a) => a.s3BlockPublicAccess) === true,
    ebsEncryptionByDefault: accounts.every((a) =>
      probe.regions.every((r) => a.regions[r]?.ebsEncryptionByDefault === true),
    ),
    alternateContacts: contacts,
  };
}

function services(probe: DesiredBaseline, state: BaselineState, notes: string[]): Partial<DesiredBaseline> {
  const home = probe.homeRegion;
  const gdOrg = state.guardDuty[home]?.organization;
  const gdAuto = gdOrg?.autoEnable;
  if (probe.guardDuty && gdAuto === 'NONE')
    notes.push('GuardDuty auto-enable is off: the file asks for ALL (plan shows it)');
  const central = state.securityHub.central;
  if (probe.securityHub && central?.configurationType !== 'CENTRAL')
    notes.push(
      'Security Hub uses local configuration: add baseline.securityHub.configurationPolicies to move it to central configuration',
    );
  const analyzers = state.analyzers[home] ?? [];
  return {
    guardDuty: probe.guardDuty && {
      ...probe.guardDuty,
      autoEnable: gdAuto === 'NEW' ? 'NEW' : 'ALL',
      features: Object.fromEntries(
        Object.entries(gdOrg?.features ?? {}).filter(([, v]) => v === 'ALL' || v === 'NEW'),
      ) as Record<string, 'ALL' | 'NEW' | 'NONE'>,
      filters: [...(gdOrg?.filters ?? [])].sort((a, b) => a.rank - b.rank),
    },
    securityHub:
      probe.securityHub && central?.configurationType === 'CENTRAL'
        ? { ...probe.securityHub, policies: central.policies.map(({ id: _id, targetIds: _t, ...p }) => p) }
        : undefined,
    accessAnalyzer:
      probe.accessAnalyzer && analyzers.some((a) => a.type.startsWith('ORGANIZATION'))
        ? {
            account: probe.accessAnalyzer.account,
            analyzers: analyzers
              .filter((a) => a.type === 'ORGANIZATION' || a.type === 'ORGANIZATION_UNUSED_ACCESS')
              .map((a) => ({ name: a.name, type: a.type as 'ORGANIZATION' })),
          }
        : undefined,
  };
}

/** Stack sets as the file declares them: targets by root or OU path, the regions they are in. */
function stackSets(
  probe: DesiredBaseline,
  state: BaselineState,
  snapshot: OrgSnapshot,
): DesiredBaseline['stackSets'] {
  const target = (id: string): TargetRef =>
    id === snapshot.root.id
      ? { kind: 'root' }
      : { kind: 'ou', path: snapshot.ous.find((o) => o.id === id)?.path ?? id };
  return probe.stackSets.flatMap((s) => {
    const live = state.stackSets[s.name];
    if (!live) return [];
    return [
      {
        ...s,
        description: live.description,
        template: live.template,
        parameters: live.parameters,
        capabilities: live.capabilities,
        targets: live.targetIds.map(target),
        regions: live.regions.length ? live.regions : probe.regions,
        autoDeployment: live.autoDeployment,
      },
    ];
  });
}

export function baselineFromState(
  d: Discovery,
  probe: DesiredBaseline,
  state: BaselineState,
  snapshot: OrgSnapshot,
): ImportedBaseline {
  const notes = [...d.notes];
  const trail = state.trail;
  const config = probe.config && d.aggregator ? probe.config : undefined;
  if (probe.config && !d.aggregator)
    notes.push(
      'Config has a delegated administrator but no organization aggregator: the file leaves config out',
    );
  if (d.conformancePacks.length)
    notes.push(
      `organization conformance packs ${d.conformancePacks.join(', ')} are not imported (AWS does not return their templates): add them under baseline.config.conformancePacks with file:`,
    );
  const baseline: DesiredBaseline = {
    ...probe,
    buckets: buckets(probe, state, notes),
    trail: trail
      ? {
          name: trail.name,
          bucket: trail.bucket ?? '',
          kmsKeyArn: trail.kmsKeyArn ?? undefined,
          logFileValidation: trail.logFileValidation,
          cloudWatchLogs: trail.cloudWatchLogs ?? undefined,
        }
      : undefined,
    config,
    ...services(probe, state, notes),
    accounts: accountSettings(probe, state),
    stackSets: stackSets(probe, state, snapshot),
  };
  const empty =
    !baseline.trail &&
    !baseline.config &&
    !baseline.guardDuty &&
    !baseline.securityHub &&
    !baseline.accessAnalyzer &&
    !baseline.stackSets.length;
  return { baseline: empty ? undefined : baseline, notes };
}

/** Discovers and reads the organization's baseline, as a file would declare it. */
export async function importBaseline(
  factory: ClientFactory,
  snapshot: OrgSnapshot,
  callerAccountId: string,
  memberRoleName = 'OrganizationAccountAccessRole',
): Promise<ImportedBaseline> {
  const d = await discoverBaseline(
    factory,
    snapshot,
    callerAccountId,
    snapshot.source.region,
    memberRoleName,
  );
  const probe = probeOf(d, snapshot, memberRoleName);
  const state = await readBaseline(factory, snapshot, probe, callerAccountId);
  return baselineFromState(d, probe, state, snapshot);
}
