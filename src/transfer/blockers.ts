/**
 * The rules a move must satisfy, each PASS, FAIL or UNKNOWN with its evidence (docs/transfer.md#blockers).
 * Pure: evidence in, blockers out.
 */
import { contextLookup } from '../access/context.js';
import { evaluate } from '../access/evaluate.js';
import { parsePolicy, type Policy } from '../access/policy.js';
import type { AccountEvidence, Blocker, OrganizationView, TransferPath } from '../model/transfer.js';

const DAY_MS = 86_400_000;
/** AWS: an account created in its organization can move after 4 days; the destination must be 7 days old. */
export const MIN_ACCOUNT_AGE_DAYS = 4;
export const MIN_ORGANIZATION_AGE_DAYS = 7;

/** Services whose deregistration deletes or detaches data (AWS documents these). */
export const DEREGISTRATION_LOSES: Record<string, string> = {
  'detective.amazonaws.com': 'deletes the organization behavior graph',
  'access-analyzer.amazonaws.com': 'deletes the organization analyzers and their findings',
  'fms.amazonaws.com': 'removes the Firewall Manager policies it administers',
  'guardduty.amazonaws.com': 'disassociates every member from this administrator',
  'securityhub.amazonaws.com': 'disassociates every member from this administrator',
  'macie.amazonaws.com': 'disassociates every member from this administrator',
};

const days = (ms: number) => Math.floor(ms / DAY_MS);

export interface BlockerInputs {
  now: Date;
  path: TransferPath;
  account: AccountEvidence;
  source: OrganizationView;
  destination: OrganizationView;
  /** Accounts this plan moves (capacity). */
  moving: number;
}

function active({ account }: BlockerInputs): Blocker {
  const state = account.account.state;
  return {
    id: 'account-active',
    title: 'The account is active',
    status: state === 'ACTIVE' ? 'PASS' : 'FAIL',
    evidence: `DescribeAccount: State ${state}`,
    ...(state === 'ACTIVE'
      ? {}
      : { fix: 'A closed or suspended account cannot move; reopen it with AWS Support first.' }),
  };
}

function accountAge({ account, now }: BlockerInputs): Blocker {
  const { joinedMethod, joinedAt } = account.account;
  const age = now.getTime() - Date.parse(joinedAt);
  const created = joinedMethod === 'CREATED';
  const ok = !created || age >= MIN_ACCOUNT_AGE_DAYS * DAY_MS;
  const after = new Date(Date.parse(joinedAt) + MIN_ACCOUNT_AGE_DAYS * DAY_MS).toISOString();
  return {
    id: 'account-age',
    title: `An account created in its organization is at least ${MIN_ACCOUNT_AGE_DAYS} days old`,
    status: ok ? 'PASS' : 'FAIL',
    evidence: `${joinedMethod} ${joinedAt} (${days(age)} days ago)`,
    ...(ok ? {} : { fix: `Wait until ${after}.` }),
  };
}

function destinationAge({ destination, now }: BlockerInputs): Blocker {
  const title = `The destination organization is at least ${MIN_ORGANIZATION_AGE_DAYS} days old`;
  if (!destination.createdAt)
    return {
      id: 'destination-age',
      title,
      status: 'UNKNOWN',
      evidence: 'the destination was not read live: its management account join date is unknown',
      fix: 'Plan with --to-profile (or a destination snapshot) to check it.',
    };
  const age = now.getTime() - Date.parse(destination.createdAt);
  const ok = age >= MIN_ORGANIZATION_AGE_DAYS * DAY_MS;
  return {
    id: 'destination-age',
    title,
    status: ok ? 'PASS' : 'FAIL',
    evidence: `management account ${destination.managementAccountId} joined ${destination.createdAt} (${days(age)} days ago; AWS gives no organization creation date, this is the proxy)`,
    ...(ok
      ? {}
      : {
          fix: `Wait until ${new Date(Date.parse(destination.createdAt) + MIN_ORGANIZATION_AGE_DAYS * DAY_MS).toISOString()}.`,
        }),
  };
}

function partition({ source, destination }: BlockerInputs): Blocker {
  const same = source.partition === destination.partition;
  return {
    id: 'partition',
    title: 'Both organizations are in the same partition',
    status: same ? 'PASS' : 'FAIL',
    evidence: `source ${source.partition}, destination ${destination.partition} (organization ARNs); a different seller of record (AWS India) shows only when the invitation is refused`,
    ...(same
      ? {}
      : { fix: 'Accounts cannot move across partitions: create a new account in the destination instead.' }),
  };
}

function management({ account, source }: BlockerInputs): Blocker {
  const is = account.account.id === source.managementAccountId;
  return {
    id: 'not-management-account',
    title: 'The account is not its organization’s management account',
    status: is ? 'FAIL' : 'PASS',
    evidence: `DescribeOrganization: MasterAccountId ${source.managementAccountId}`,
    ...(is
      ? {
          fix: 'Move every member out and delete the source organization first, or use --billing-only to hand over billing.',
        }
      : {}),
  };
}

function delegatedAdmin({ account }: BlockerInputs): Blocker {
  const services = account.delegatedServices;
  return {
    id: 'delegated-administrator',
    title: 'The account is no delegated administrator',
    status: services.length === 0 ? 'PASS' : 'FAIL',
    evidence:
      services.length === 0
        ? 'ListDelegatedServicesForAccount: none'
        : services
            .map((s) => `${s}${DEREGISTRATION_LOSES[s] ? ` (deregistering ${DEREGISTRATION_LOSES[s]})` : ''}`)
            .join('; '),
    ...(services.length === 0
      ? {}
      : {
          fix: '`orgward transfer execute` deregisters them after you confirm with --deregister (some services delete data); register the replacements first.',
        }),
  };
}

/**
 * The SCPs above the account that deny what accepting needs (direct transfer). On the classic path the
 * management account removes the account (SCPs never restrict it) and the account accepts with no SCP
 * at all, so nothing applies there.
 */
/** The role that accepts the invitation inside the account. */
const ACCEPTING_ROLE = 'OrganizationAccountAccessRole';
const ALLOW_ALL: Policy = parsePolicy('allow all', {
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

function acceptAllowed({ account }: BlockerInputs): Blocker {
  const needed = ['organizations:AcceptHandshake', 'iam:CreateServiceLinkedRole'];
  const scps = account.sourcePolicies
    .filter((p) => p.type === 'SERVICE_CONTROL_POLICY')
    .map((p) => parsePolicy(p.name, p.content));
  const hard: string[] = [];
  const conditional: string[] = [];
  for (const action of needed) {
    // Denies only, for the role that accepts (the member role orgward acts through); any other
    // condition on the request stays open.
    const role = `arn:aws:iam::${account.account.id}:role/${ACCEPTING_ROLE}`;
    const decision = evaluate(
      {
        principal: { kind: 'role', accountId: account.account.id, arn: role },
        action,
        resource: '*',
        context: contextLookup({
          'aws:PrincipalArn': role,
          'aws:PrincipalAccount': account.account.id,
          'aws:PrincipalType': 'AssumedRole',
        }),
      },
      { identity: [ALLOW_ALL], scps: [{ target: 'path', policies: scps }] },
    );
    for (const hit of decision.statements) {
      if (hit.effect !== 'Deny') continue;
      (hit.applies.kind === 'yes' ? hard : conditional).push(`${hit.policy} denies ${action}`);
    }
  }
  return {
    id: 'accept-allowed',
    title: `No SCP denies ${needed.join(' or ')} to the account`,
    status: hard.length > 0 ? 'FAIL' : conditional.length > 0 ? 'UNKNOWN' : 'PASS',
    evidence:
      hard.length + conditional.length === 0
        ? `no Deny in the ${account.sourcePolicies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').length} SCPs on the account's path`
        : [...hard, ...conditional.map((c) => `${c} under conditions`)].join('; '),
    ...(hard.length + conditional.length === 0
      ? {}
      : {
          fix: 'Ask the source organization to move the account to an OU without this deny (an off-boarding OU), or to exempt the accepting role.',
        }),
  };
}

function capacity({ destination, moving }: BlockerInputs): Blocker {
  const open = destination.openInvitations;
  return {
    id: 'destination-capacity',
    title: 'The destination has room for the accounts (open invitations count)',
    status: 'UNKNOWN',
    evidence: `${destination.accounts} accounts, ${open ?? 'unknown'} open invitations, ${moving} to invite; the quota is read with service-quotas GetServiceQuota (Organizations, us-east-1), which orgward does not call`,
    fix: 'Check the "Default maximum number of accounts" quota of the destination and raise it if the total exceeds it.',
  };
}

function reachable({ account }: BlockerInputs): Blocker {
  const refused = account.gaps.filter((g) => /roles trusting|IAM users|root user/.test(g));
  return {
    id: 'account-reachable',
    title: 'orgward can act in the account (to accept the invitation)',
    status: refused.length === 0 ? 'PASS' : 'UNKNOWN',
    evidence: refused.length === 0 ? 'reads inside the account succeeded' : refused.join('; '),
    ...(refused.length === 0
      ? {}
      : {
          fix: 'Give execute a way in: --account-profile, or a member role the source management account can assume.',
        }),
  };
}

function standaloneReady({ account }: BlockerInputs): Blocker {
  const created = account.account.joinedMethod === 'CREATED';
  return {
    id: 'standalone-information',
    title: 'The account has what a standalone account needs (agreement, payment method, verified phone)',
    status: created ? 'UNKNOWN' : 'PASS',
    evidence: created
      ? 'created in its organization: it never collected them, and no API reads them'
      : 'invited into its organization: it was standalone before',
    ...(created ? { fix: 'Sign in as the root user and complete the sign-up before it leaves.' } : {}),
  };
}

/** Every blocker that applies to `path`. */
export function blockersFor(inputs: BlockerInputs): Blocker[] {
  if (inputs.path === 'standalone')
    return [
      active(inputs),
      management(inputs),
      delegatedAdmin(inputs),
      reachable(inputs),
      standaloneReady(inputs),
      partition(inputs),
      capacity(inputs),
    ];
  return [
    active(inputs),
    accountAge(inputs),
    destinationAge(inputs),
    partition(inputs),
    management(inputs),
    delegatedAdmin(inputs),
    acceptAllowed(inputs),
    reachable(inputs),
    capacity(inputs),
  ];
}
