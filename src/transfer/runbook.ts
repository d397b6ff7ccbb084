/**
 * The runbook of a move: the ordered steps, who does each, whether orgward runs it, the calls and how
 * long it takes; and the steps `transfer execute` runs (a subset, with the human gates between them).
 * Pure.
 */
import type {
  AccessGrant,
  AccountEvidence,
  RunbookStep,
  TransferPath,
  TransferStep,
} from '../model/transfer.js';
import { DEREGISTRATION_LOSES } from './blockers.js';

export interface RunbookInputs {
  path: TransferPath;
  account: AccountEvidence;
  /** Destination OU path ('' for the root). */
  ou: string;
  /** Identity Center access the destination gives the account (from its org.yaml); null: unknown. */
  access: AccessGrant[] | null;
  /** Alternate contacts the destination's baseline sets. */
  contacts: Extract<TransferStep, { kind: 'contacts' }>['contacts'] | null;
  /** The new root e-mail (`--root-email`), when the move changes it. */
  rootEmail: string | null;
  /** Resource policies outside the account that name the source organization. */
  references: number;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The steps execute runs for one account, in order. */
export function executionSteps(inputs: RunbookInputs): TransferStep[] {
  const { account, path } = inputs;
  const steps: TransferStep[] = [
    {
      id: 'agreement',
      kind: 'gate',
      title: 'Both sides agreed to the move',
      message:
        'The source (or its reseller) and the destination agreed to the move: contract, support model and invoicing after the switch. Mark it done when they have.',
    },
  ];
  for (const servicePrincipal of account.delegatedServices)
    steps.push({
      id: `deregister-${slug(servicePrincipal)}`,
      kind: 'deregister-administrator',
      servicePrincipal,
    });
  const deleted = (account.stackInstances ?? []).filter((i) => !i.retainStacks);
  if (deleted.length)
    steps.push({
      id: 'stack-instances',
      kind: 'gate',
      title: 'Stack instances that would be deleted were reviewed',
      message: `Leaving deletes ${deleted.length} stack instance(s) and their resources (${[...new Set(deleted.map((i) => i.stackSet))].join(', ')}). Set RetainStacksOnAccountRemoval on those stack sets, or accept the deletion, then mark this done.`,
    });
  if (path === 'standalone') {
    if (account.account.joinedMethod === 'CREATED')
      steps.push({
        id: 'standalone-signup',
        kind: 'gate',
        title: 'The account was signed up as a standalone account',
        message:
          'Sign in as the root user and add what a standalone account needs (accept the customer agreement, a payment method, a verified phone, a support plan). Mark it done when AWS accepts it.',
      });
    steps.push({ id: 'remove', kind: 'remove' });
  }
  steps.push({ id: 'invite', kind: 'invite' }, { id: 'accept', kind: 'accept' });
  if (inputs.ou !== '') steps.push({ id: 'place', kind: 'place', ou: inputs.ou });
  for (const grant of inputs.access ?? [])
    steps.push({
      id: `assign-${slug(`${grant.principalType}-${grant.principal}-${grant.permissionSet}`)}`,
      kind: 'assign',
      permissionSet: grant.permissionSet,
      principalType: grant.principalType,
      principal: grant.principal,
    });
  if (inputs.contacts && Object.keys(inputs.contacts).length)
    steps.push({ id: 'contacts', kind: 'contacts', contacts: inputs.contacts });
  if (inputs.rootEmail) steps.push({ id: 'primary-email', kind: 'primary-email', email: inputs.rootEmail });
  return steps;
}

/** The runbook line of a step that moves the account (or hands over billing). */
function automatedStep(step: TransferStep, inputs: RunbookInputs): RunbookStep | null {
  switch (step.kind) {
    case 'gate':
      return null;
    case 'deregister-administrator':
      return {
        id: step.id,
        title: `Deregister the account as delegated administrator for ${step.servicePrincipal}`,
        who: 'source-admin',
        automated: true,
        gate: true,
        calls: [`organizations:DeregisterDelegatedAdministrator ${step.servicePrincipal}`],
        duration: 'minutes',
        detail: `Confirmed separately (--deregister): ${DEREGISTRATION_LOSES[step.servicePrincipal] ?? 'the service stops being administered from this account'}. Register the replacement administrator first.`,
      };
    case 'remove':
      return {
        id: step.id,
        title: 'Remove the account from the source organization (it becomes standalone)',
        who: 'source-admin',
        automated: true,
        gate: false,
        calls: ['organizations:RemoveAccountFromOrganization'],
        duration: 'minutes',
        detail: 'From here until acceptance no SCP applies and the account pays its own bill.',
      };
    case 'invite':
      return {
        id: step.id,
        title: 'Invite the account from the destination',
        who: 'destination-admin',
        automated: true,
        gate: false,
        calls: ['organizations:InviteAccountToOrganization (Target ACCOUNT)'],
        duration: 'seconds; the invitation is open for 15 days',
      };
    case 'accept':
      return {
        id: step.id,
        title: 'Accept the invitation from inside the account',
        who: 'account-owner',
        automated: true,
        gate: false,
        calls: ['organizations:ListHandshakesForAccount', 'organizations:AcceptHandshake'],
        duration: 'seconds',
        detail: `The account lands in the destination root; the source's policies stop and the destination root's apply at once.${inputs.path === 'direct' ? ' Direct transfer: no standalone period.' : ''}`,
      };
    case 'place':
      return {
        id: step.id,
        title: `Move the account to ${step.ou}`,
        who: 'destination-admin',
        automated: true,
        gate: false,
        calls: ['organizations:MoveAccount'],
        duration: 'seconds',
      };
    default:
      return settlingStep(step);
  }
}

/** The whole runbook: human steps around the automated ones. */
export function runbookFor(inputs: RunbookInputs, steps: readonly TransferStep[]): RunbookStep[] {
  const book: RunbookStep[] = [];
  for (const step of steps) {
    if (step.kind === 'gate') {
      book.push({
        id: step.id,
        title: step.title,
        who: step.id === 'standalone-signup' ? 'account-owner' : 'human',
        automated: false,
        gate: true,
        calls: [],
        duration: step.id === 'agreement' ? 'days (contracts)' : 'minutes',
        detail: step.message,
      });
      if (step.id === 'agreement')
        book.push({
          id: 'export-billing',
          title: 'Export the account’s cost and usage history',
          who: 'source-admin',
          automated: false,
          gate: false,
          calls: ['ce:GetCostAndUsage (LINKED_ACCOUNT)'],
          duration: 'minutes',
          detail: 'The history stays with the source payer; the account cannot see it after the move.',
        });
      continue;
    }
    const automated = automatedStep(step, inputs);
    if (automated) book.push(automated);
  }
  const after: RunbookStep[] = [
    {
      id: 'verify',
      title: 'Verify what is left from the plan',
      who: 'destination-admin',
      automated: true,
      gate: false,
      calls: ['orgward transfer verify'],
      duration: 'minutes',
    },
  ];
  if (inputs.references > 0)
    after.push({
      id: 'resource-policies',
      title: `Update the ${inputs.references} resource policies that name the source organization`,
      who: 'human',
      automated: false,
      gate: false,
      calls: [
        's3:PutBucketPolicy',
        'kms:PutKeyPolicy',
        'sqs:SetQueueAttributes',
        'sns:SetTopicAttributes',
        'lambda:AddPermission',
        'iam:UpdateAssumeRolePolicy',
      ],
      duration: 'hours (review)',
    });
  if ((inputs.account.managementRoles ?? []).length)
    after.push({
      id: 'source-access-roles',
      title: `Delete the source's access role(s) ${inputs.account.managementRoles!.join(', ')} once the destination has access`,
      who: 'destination-admin',
      automated: false,
      gate: false,
      calls: ['iam:DeleteRole'],
      duration: 'minutes',
      detail: 'Resellers read the deletion of OrganizationAccountAccessRole as "transferred out".',
    });
  after.push({
    id: 'support-and-credits',
    title: 'Settle support and billing: a support plan under the destination, credits and commitments',
    who: 'human',
    automated: false,
    gate: false,
    calls: [],
    duration: 'days',
  });
  return [...book, ...after];
}

/** The runbook line of a step after the account arrived: access, contacts, e-mail, billing. */
function settlingStep(step: TransferStep): RunbookStep | null {
  switch (step.kind) {
    case 'assign':
      return {
        id: step.id,
        title: `Give ${step.principalType === 'GROUP' ? 'group' : 'user'} ${step.principal} ${step.permissionSet}`,
        who: 'destination-admin',
        automated: true,
        gate: false,
        calls: ['sso-admin:CreateAccountAssignment'],
        duration: 'seconds',
      };
    case 'contacts':
      return {
        id: step.id,
        title: `Set the alternate contacts (${Object.keys(step.contacts).join(', ').toLowerCase()})`,
        who: 'destination-admin',
        automated: true,
        gate: false,
        calls: ['account:PutAlternateContact (AccountId)'],
        duration: 'seconds',
      };
    case 'primary-email':
      return {
        id: step.id,
        title: `Change the root e-mail to ${step.email}`,
        who: 'destination-admin',
        automated: true,
        gate: true,
        calls: [
          'account:StartPrimaryEmailUpdate',
          'account:AcceptPrimaryEmailUpdate (with the code sent to the new address)',
        ],
        duration: 'minutes; a person enters the one-time code (--otp)',
      };
    case 'transfer-responsibility':
      return {
        id: step.id,
        title: `Invite the organization to transfer its billing from ${step.startTimestamp.slice(0, 10)}`,
        who: 'destination-admin',
        automated: true,
        gate: false,
        calls: ['organizations:InviteOrganizationToTransferResponsibility (Type BILLING)'],
        duration: 'seconds; accept at least 24 hours before the start',
      };
    case 'accept-responsibility':
      return {
        id: step.id,
        title: 'Accept the billing transfer from the organization’s management account',
        who: 'source-admin',
        automated: true,
        gate: false,
        calls: [
          'organizations:ListHandshakesForAccount (TRANSFER_RESPONSIBILITY)',
          'organizations:AcceptHandshake',
        ],
        duration: 'seconds; effective on the start date',
      };
    default:
      return null;
  }
}
