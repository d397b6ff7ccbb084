/**
 * What an account loses and gains when it is accepted into the destination (docs/transfer.md#what-changes).
 * Pure: the account's evidence and both organizations' views in, changes out.
 */
import { coversAction, statementsOf } from '../model/policies.js';
import type {
  AccessGrant,
  AccountEvidence,
  Change,
  OrganizationView,
  OrgReference,
  PlacedPolicy,
} from '../model/transfer.js';
import { destinationAccess, destinationPolicies, pathPrefixes } from './views.js';

export interface ChangeInputs {
  account: AccountEvidence;
  source: OrganizationView;
  destination: OrganizationView;
  /** Destination OU path ('' for the root). */
  ou: string;
  /** References to the source organization found by the scan (null: not scanned). */
  references: OrgReference[] | null;
}

const where = (p: PlacedPolicy) =>
  p.at.kind === 'root' ? 'root' : p.at.kind === 'ou' ? `OU ${p.at.path}` : 'the account';
const grantText = (g: AccessGrant) =>
  `${g.principalType === 'GROUP' ? 'group' : 'user'} ${g.principal} → ${g.permissionSet}${
    g.principalType === 'GROUP' ? ` (${g.people.length ? g.people.join(', ') : 'no members'})` : ''
  }`;

function policyChanges({ account, destination, ou }: ChangeInputs): Change[] {
  const before = account.sourcePolicies;
  const after = destinationPolicies(destination, ou);
  const same = (a: PlacedPolicy, b: PlacedPolicy) =>
    a.type === b.type && a.name === b.name && (a.awsManaged || a.content === b.content);
  const stops = before.filter((p) => !after.some((q) => same(p, q)));
  const starts = after.filter((p) => !before.some((q) => same(p, q)));
  const keeps = before.filter((p) => after.some((q) => same(p, q)));
  const changes: Change[] = [];
  for (const p of stops)
    changes.push({
      area: 'policies',
      effect: 'loses',
      summary: `${p.type} ${p.name} (on ${where(p)}) stops applying`,
    });
  for (const p of starts)
    changes.push({
      area: 'policies',
      effect: 'gains',
      summary: `${p.type} ${p.name} (on the destination ${p.at.kind === 'root' ? 'root' : `OU ${(p.at as { path: string }).path}`}) starts applying`,
    });
  const kept = [...new Set(keeps.map((p) => `${p.type} ${p.name}`))];
  if (kept.length)
    changes.push({
      area: 'policies',
      effect: 'keeps',
      summary: `${kept.length} ${kept.length === 1 ? 'policy is' : 'policies are'} the same in both organizations`,
      detail: kept,
    });
  if (ou !== '')
    changes.push({
      area: 'policies',
      effect: 'risk',
      summary: `Between acceptance and the move to ${ou} only the destination root's policies apply`,
      detail: ['execute moves the account to the OU immediately after acceptance'],
    });
  return changes;
}

function accessChanges({ account, destination, ou }: ChangeInputs): Change[] {
  const changes: Change[] = account.access.map((g) => ({
    area: 'access' as const,
    effect: 'loses' as const,
    summary: `Identity Center: ${grantText(g)} is removed`,
  }));
  const gains = destinationAccess(destination, ou, { id: account.account.id, name: account.account.name });
  if (gains === null)
    changes.push({
      area: 'access',
      effect: 'risk',
      summary:
        'The destination assigns no Identity Center access to a new account by itself: pass its org.yaml to see (and apply) what it gives the OU',
    });
  else if (gains.length === 0)
    changes.push({
      area: 'access',
      effect: 'risk',
      summary: `The destination's org.yaml gives ${ou || 'the root'} no Identity Center access: nobody can sign in through Identity Center after the move`,
    });
  for (const g of gains ?? [])
    changes.push({
      area: 'access',
      effect: 'gains',
      summary: `Identity Center: ${grantText(g)} (execute assigns it)`,
    });
  return changes;
}

function loggingChanges({ source, destination, ou }: ChangeInputs): Change[] {
  const changes: Change[] = [];
  for (const t of source.coverage?.trails ?? [])
    changes.push({
      area: 'logging',
      effect: 'loses',
      summary: `Organization trail ${t.name} (${t.region}) stops logging the account`,
    });
  for (const a of source.coverage?.aggregators ?? [])
    changes.push({
      area: 'logging',
      effect: 'loses',
      summary: `Config aggregator ${a.name} (${a.account}, ${a.region}) drops the account`,
    });
  if (!destination.coverage) {
    changes.push({
      area: 'logging',
      effect: 'risk',
      summary:
        'The destination was not read live: its trail and aggregator coverage is unknown (plan with --to-profile)',
    });
    return changes;
  }
  for (const t of destination.coverage.trails)
    changes.push({
      area: 'logging',
      effect: 'gains',
      summary: `Organization trail ${t.name} (${t.region}) logs the account`,
    });
  for (const a of destination.coverage.aggregators)
    changes.push({
      area: 'logging',
      effect: 'gains',
      summary: `Config aggregator ${a.name} (${a.account}, ${a.region}) includes the account`,
    });
  if (destination.coverage.trails.length === 0)
    changes.push({
      area: 'logging',
      effect: 'risk',
      summary: 'The destination has no organization trail: nothing logs the account after the move',
    });
  const prefixes = pathPrefixes(ou);
  for (const s of destination.coverage.stackSets) {
    if (!s.targets.some((t) => (t === '(root)' ? prefixes.has('') : prefixes.has(t)))) continue;
    changes.push({
      area: 'stack-sets',
      effect: 'gains',
      summary: `Stack set ${s.name} (${s.region}) deploys to the account automatically`,
    });
  }
  return changes;
}

function securityChanges({ account, destination }: ChangeInputs): Change[] {
  const changes: Change[] = [];
  for (const m of account.memberships ?? []) {
    if (!m.administrator) continue;
    changes.push({
      area: 'security-services',
      effect: 'loses',
      summary: `${m.service === 'guardduty' ? 'GuardDuty' : 'Security Hub'} (${m.region}): disassociated from administrator ${m.administrator}; the account's own detector stays on and keeps billing`,
    });
  }
  for (const s of destination.coverage?.services ?? []) {
    const name = s.service === 'guardduty' ? 'GuardDuty' : 'Security Hub';
    changes.push(
      s.autoEnable
        ? {
            area: 'security-services',
            effect: 'gains',
            summary: `${name} (${s.region}): enrolled automatically by ${s.admin}`,
          }
        : {
            area: 'security-services',
            effect: 'risk',
            summary: `${name} (${s.region}): ${s.admin} does not enrol new members automatically; add the account by hand`,
          },
    );
  }
  return changes;
}

function stackSetChanges({ account }: ChangeInputs): Change[] {
  return (account.stackInstances ?? []).map((i) =>
    i.retainStacks
      ? {
          area: 'stack-sets' as const,
          effect: 'keeps' as const,
          summary: `Stack set ${i.stackSet} (${i.region}): the stack stays (RetainStacksOnAccountRemoval) but leaves the stack set`,
        }
      : {
          area: 'stack-sets' as const,
          effect: 'risk' as const,
          summary: `Stack set ${i.stackSet} (${i.region}): the stack instance and its resources are DELETED when the account leaves`,
          detail: ['set RetainStacksOnAccountRemoval on the stack set before the move to keep them'],
        },
  );
}

function referenceChanges({ account, references }: ChangeInputs): Change[] {
  if (references === null)
    return [
      {
        area: 'resource-policies',
        effect: 'risk',
        summary: 'Resource policies were not scanned for the source organization id (--scan none)',
      },
    ];
  return references.map((r) => {
    const own = r.accountId === account.account.id;
    const names = r.matches.map((m) => `${m.value}${m.key ? ` in ${m.key}` : ''}`).join(', ');
    return {
      area: 'resource-policies' as const,
      effect: 'risk' as const,
      summary: own
        ? `${r.service} ${r.resource} (in the account) still trusts the source organization: ${names}`
        : `${r.service} ${r.resource} in ${r.accountId} stops granting the account access: ${names}`,
    };
  });
}

function accessRoleChanges({ account, source }: ChangeInputs): Change[] {
  const roles = account.managementRoles;
  const changes: Change[] = [
    {
      area: 'access-roles',
      effect: 'risk',
      summary:
        'The destination gets no OrganizationAccountAccessRole for an invited account: deploy its own access role (a stack set, or execute through --account-profile)',
    },
  ];
  if (roles === null) return changes;
  for (const role of roles)
    changes.push({
      area: 'access-roles',
      effect: 'risk',
      summary: `Role ${role} trusts the source management account ${source.managementAccountId}: it keeps administrator access until the role is deleted`,
    });
  return changes;
}

function iamUserChanges({ account, destination, ou }: ChangeInputs): Change[] {
  const users = account.iamUsers;
  if (!users || users.total === 0) return [];
  const denies = destinationPolicies(destination, ou)
    .filter((p) => p.type === 'SERVICE_CONTROL_POLICY')
    .flatMap((p) => statementsOf(p))
    .filter(
      (s) =>
        s.effect === 'Deny' &&
        ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'].some((a) => coversAction(s, a)),
    );
  return [
    {
      area: 'iam-users',
      effect: denies.length ? 'risk' : 'keeps',
      summary: `${users.total} IAM users (${users.withPassword} with a console password, ${users.withKeys} with active access keys)${
        denies.length
          ? `: the destination's SCPs (${[...new Set(denies.map((s) => s.policy))].join(', ')}) forbid creating IAM users or keys`
          : ''
      }`,
      detail: ['replace them with Identity Center access before the move'],
    },
  ];
}

function rootChanges({ account, destination }: ChangeInputs): Change[] {
  const root = account.root;
  if (!root) return [];
  const held = [root.mfa ? 'an MFA device' : '', root.accessKeys ? 'access keys' : ''].filter(Boolean);
  const central = destination.rootCredentialsManagement;
  return [
    {
      area: 'root',
      effect: held.length ? 'risk' : 'keeps',
      summary: `Root user: ${held.length ? held.join(' and ') : 'no MFA device, no access keys'}; the root e-mail and password stay whoever set them (the source's reseller, perhaps)`,
      detail: [
        central
          ? 'the destination has centralized root access: `orgward root delete` removes them after the move'
          : 'the destination has no centralized root access (or it is unknown): credentials stay until someone signs in as root',
      ],
    },
  ];
}

const PLAN_NAMES = { BASIC: 'Basic', DEVELOPER: 'Developer', BUSINESS: 'Business', ENTERPRISE: 'Enterprise' };

function supportChanges({ account, destination }: ChangeInputs): Change[] {
  const before = account.supportPlan;
  const after = destination.supportPlan;
  const text = (p: typeof before) => (p ? PLAN_NAMES[p] : 'unknown');
  const downgrade = before && after && before !== 'BASIC' && after === 'BASIC';
  return [
    {
      area: 'support',
      effect: downgrade ? 'risk' : 'keeps',
      summary: `Support: the account has ${text(before)}, the destination's management account ${text(after)}${
        downgrade
          ? ': paid support bought through the source (or its reseller) ends; buy a plan under the destination'
          : ''
      }`,
    },
  ];
}

function contactChanges({ account }: ChangeInputs): Change[] {
  const c = account.contacts;
  if (!c) return [];
  const missing = Object.entries(c.alternate)
    .filter(([, v]) => v === null)
    .map(([k]) => k.toLowerCase());
  return [
    {
      area: 'contacts',
      effect: missing.length ? 'risk' : 'keeps',
      summary: `Root e-mail ${c.primaryEmail ?? 'unknown'}; alternate contacts ${missing.length ? `missing: ${missing.join(', ')}` : 'set'}`,
      detail: Object.entries(c.alternate)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k.toLowerCase()}: ${v!.name} <${v!.email}>`),
    },
  ];
}

const BILLING: Change = {
  area: 'billing',
  effect: 'risk',
  summary:
    'Usage is billed by the source payer until acceptance and by the destination after it (the month is split); credits stay with the source until month end; the cost history stays with the source: export it before the move',
};

/** Every change the move brings to the account. */
export function changesFor(inputs: ChangeInputs): Change[] {
  return [
    ...policyChanges(inputs),
    ...accessChanges(inputs),
    ...loggingChanges(inputs),
    ...securityChanges(inputs),
    ...stackSetChanges(inputs),
    ...referenceChanges(inputs),
    ...accessRoleChanges(inputs),
    ...iamUserChanges(inputs),
    ...rootChanges(inputs),
    ...supportChanges(inputs),
    ...contactChanges(inputs),
    BILLING,
  ];
}
