/**
 * Every account's own part of the baseline: the Config recorder and channel per governed region, EBS
 * default encryption per region, S3 account Block Public Access, alternate contacts. One operation per
 * account with only what it lacks; an account this plan creates gets everything, and a check after the
 * whole baseline that reports what covers it.
 */
import {
  configRoleArn,
  type ContactType,
  type DesiredSecurityHub,
  type LiveAccount,
} from '../model/baseline.js';
import type { TargetRef } from '../model/desired.js';
import { sameValue } from '../util/json.js';
import type { BaselineDiff } from './diff-baseline.js';
import { bucketOpId, TRAIL_OP } from './diff-baseline.js';
import { guardDutyOrgOpId, HUB_CENTRAL_OP, hubPolicyOpId } from './diff-baseline-services.js';
import type { PlannedAccount } from './live.js';
import type { Operation } from './operations.js';

interface AccountNeeds {
  recorderRegions: string[];
  ebsRegions: string[];
  s3BlockPublicAccess: boolean;
  contacts: ContactType[];
  passwordPolicy: boolean;
}

function needs(d: BaselineDiff, accountId: string | undefined, have: LiveAccount | undefined): AccountNeeds {
  const { config, accounts, regions } = d.baseline;
  const recorderOk = (region: string) => {
    const r = have?.regions[region];
    const rec = r?.recorder;
    return (
      rec !== null &&
      rec !== undefined &&
      rec.recording &&
      rec.allSupported &&
      rec.global === (region === config!.globalResourcesRegion) &&
      rec.roleArn === configRoleArn(accountId ?? '') &&
      r!.channelBucket === config!.bucket
    );
  };
  const wanted = accounts?.alternateContacts ?? {};
  return {
    recorderRegions: config ? regions.filter((r) => !recorderOk(r)) : [],
    ebsRegions: accounts?.ebsEncryptionByDefault
      ? regions.filter((r) => have?.regions[r]?.ebsEncryptionByDefault !== true)
      : [],
    s3BlockPublicAccess: Boolean(accounts?.s3BlockPublicAccess && have?.s3BlockPublicAccess !== true),
    contacts: (Object.keys(wanted) as ContactType[]).filter((t) => !sameValue(have?.contacts[t], wanted[t])),
    // Only where IAM users exist (a new account has none yet).
    passwordPolicy: Boolean(
      accounts?.passwordPolicy &&
      (have?.iamUsers ?? 0) > 0 &&
      !sameValue(have?.passwordPolicy, accounts.passwordPolicy),
    ),
  };
}

function describe(n: AccountNeeds, regionCount: number): string {
  const parts = [
    n.recorderRegions.length &&
      `Config recording ${n.recorderRegions.length === regionCount ? 'in every region' : `in ${n.recorderRegions.join(', ')}`}`,
    n.ebsRegions.length &&
      `EBS encryption by default${n.ebsRegions.length === regionCount ? '' : ` in ${n.ebsRegions.join(', ')}`}`,
    n.s3BlockPublicAccess && 'S3 Block Public Access',
    n.contacts.length &&
      `${n.contacts.map((c) => c.toLowerCase()).join(', ')} contact${n.contacts.length > 1 ? 's' : ''}`,
    n.passwordPolicy && 'IAM password policy',
  ].filter((x): x is string => Boolean(x));
  return parts.join(', ');
}

function addAccountOp(d: BaselineDiff, planned: PlannedAccount, n: AccountNeeds, isNew: boolean): string {
  const { config, accounts } = d.baseline;
  const contacts = accounts?.alternateContacts ?? {};
  return d.b.add(
    `baseline:account:${planned.name}`,
    {
      kind: 'put-account-baseline',
      site: { account: planned.ref, region: d.baseline.homeRegion, roleName: d.baseline.memberRoleName },
      recorder: n.recorderRegions.length
        ? { regions: n.recorderRegions, bucket: config!.bucket, globalRegion: config!.globalResourcesRegion }
        : undefined,
      ebsEncryptionRegions: n.ebsRegions,
      s3BlockPublicAccess: n.s3BlockPublicAccess,
      contacts: Object.fromEntries(n.contacts.map((t) => [t, contacts[t]!])),
      passwordPolicy: n.passwordPolicy ? accounts?.passwordPolicy : undefined,
      management: planned.isManagement,
      impact: isNew ? 'create' : 'update',
      summary: `${planned.name}: ${describe(n, d.baseline.regions.length)}`,
    },
    [
      ...d.accountDeps(planned.name),
      config ? d.orgDep(bucketOpId(config.bucket)) : undefined,
      n.contacts.length ? d.orgDep('trusted-access:enable:account.amazonaws.com') : undefined,
    ],
  );
}

/** Whether the nearest configuration policy for the account (its own, its OU's, the root's) turns Security Hub on. */
function hubCovers(hub: DesiredSecurityHub | undefined, planned: PlannedAccount): hub is DesiredSecurityHub {
  if (!hub) return false;
  const depth = (t: TargetRef) =>
    t.kind === 'account'
      ? t.name === planned.name
        ? Infinity
        : -1
      : t.kind === 'root'
        ? 0
        : planned.path === t.path || planned.path.startsWith(`${t.path}/`)
          ? t.path.split('/').length
          : -1;
  let best: { depth: number; enabled: boolean } | undefined;
  for (const p of hub.policies)
    for (const t of p.targets) {
      const d = depth(t);
      if (d >= 0 && (!best || d > best.depth)) best = { depth: d, enabled: p.enabled };
    }
  return best?.enabled ?? false;
}

/** For an account this plan creates: read back what covers it once the whole baseline is in place. */
function addVerify(d: BaselineDiff, planned: PlannedAccount, accountOp: string | undefined): void {
  const { trail, config, guardDuty, securityHub, accounts, homeRegion, stackSets } = d.baseline;
  const waits = [
    accountOp,
    d.orgDep(TRAIL_OP),
    d.orgDep(guardDutyOrgOpId(homeRegion)),
    d.orgDep(HUB_CENTRAL_OP),
    ...(securityHub?.policies ?? []).map((p) => d.orgDep(hubPolicyOpId(p.name))),
    ...stackSets.map((s) => d.orgDep(`baseline:stack-set:${s.name}`)),
  ];
  const expect: Extract<Operation, { kind: 'verify-account-baseline' }>['expect'] = {
    trail: trail?.name,
    configRegions: config ? d.baseline.regions : [],
    guardDuty: guardDuty && {
      region: homeRegion,
      admin: d.live.accountRef(guardDuty.delegatedAdministrator),
    },
    // Only where a policy that turns Security Hub on governs the account.
    securityHub: hubCovers(securityHub, planned)
      ? { region: homeRegion, admin: d.live.accountRef(securityHub.delegatedAdministrator) }
      : undefined,
    contacts: Object.keys(accounts?.alternateContacts ?? {}) as ContactType[],
    stackSets: stackSets
      .filter((s) =>
        s.targets.some(
          (t) =>
            t.kind === 'root' ||
            (t.kind === 'ou' && (planned.path === t.path || planned.path.startsWith(`${t.path}/`))),
        ),
      )
      .map((s) => ({ name: s.name, regions: s.regions.length })),
  };
  const nothing =
    !expect.trail &&
    !expect.configRegions.length &&
    !expect.guardDuty &&
    !expect.securityHub &&
    !expect.contacts.length &&
    !expect.stackSets.length;
  if (nothing) return;
  d.b.add(
    `baseline:verify:${planned.name}`,
    {
      kind: 'verify-account-baseline',
      site: { account: planned.ref, region: homeRegion, roleName: d.baseline.memberRoleName },
      expect,
      impact: 'create',
      summary: `${planned.name}: check the baseline covers the new account`,
    },
    [...waits, ...d.accountDeps(planned.name)],
  );
}

/** With no organization yet, the caller becomes the management account: it gets its baseline too. */
function futureManagement(d: BaselineDiff): PlannedAccount[] {
  const caller = d.live.callerAccountId;
  if (d.live.snapshot || !caller || d.live.planned.some((p) => p.desired?.id === caller)) return [];
  return [
    {
      ref: { name: 'the management account', id: caller },
      name: 'the management account',
      path: '',
      live: undefined,
      desired: undefined,
      active: true,
      isManagement: true,
    },
  ];
}

export function diffBaselineAccounts(d: BaselineDiff): void {
  // Each account's own settings exist only with config: or accounts:; new accounts are checked anyway.
  const own = Boolean(d.baseline.config || d.baseline.accounts);
  for (const planned of [...d.live.planned, ...futureManagement(d)]) {
    if (planned.desired?.close) continue;
    const isNew = !planned.live && !planned.ref.id;
    if (planned.live && planned.live.state !== 'ACTIVE') continue;
    if (!own) {
      if (isNew) addVerify(d, planned, undefined);
      continue;
    }
    const accountId = planned.live?.id ?? planned.ref.id;
    const n = needs(d, accountId, accountId ? d.state.accounts[accountId] : undefined);
    const any =
      n.recorderRegions.length ||
      n.ebsRegions.length ||
      n.s3BlockPublicAccess ||
      n.contacts.length ||
      n.passwordPolicy;
    const op = any ? addAccountOp(d, planned, n, isNew) : undefined;
    if (isNew) addVerify(d, planned, op);
  }
}
