/**
 * Billing transfer: an organization keeps its accounts and its governance and hands the responsibility
 * for its bill to another organization's management account (a partner), from the first of a month.
 * The new payer invites; the organization's management account accepts. Pure.
 */
import type {
  AccountEvidence,
  AccountTransfer,
  Blocker,
  Change,
  OrganizationView,
  TransferStep,
} from '../model/transfer.js';
import { runbookFor } from './runbook.js';

const DAY_MS = 86_400_000;

function blockers(
  source: OrganizationView,
  destination: OrganizationView,
  start: string,
  now: Date,
): Blocker[] {
  const at = new Date(start);
  const firstOfMonth =
    at.getUTCDate() === 1 && at.getTime() === Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const ahead = at.getTime() - now.getTime() >= DAY_MS;
  const outbound = source.outboundBillingTransfers;
  return [
    {
      id: 'billing-start',
      title: 'The transfer starts at 00:00 UTC on the first of a month, at least a day ahead',
      status: firstOfMonth && ahead ? 'PASS' : 'FAIL',
      evidence: `start ${start}`,
      ...(firstOfMonth && ahead ? {} : { fix: 'Pick the first of a later month (--billing-start).' }),
    },
    {
      id: 'billing-one-payer',
      title: 'The organization has handed its bill to no other payer',
      status: outbound === null ? 'UNKNOWN' : outbound === 0 ? 'PASS' : 'FAIL',
      evidence:
        outbound === null
          ? 'ListOutboundResponsibilityTransfers was not read'
          : `${outbound} billing transfer(s) requested or accepted`,
      ...(outbound ? { fix: 'Withdraw the existing transfer first (it ends at the end of a month).' } : {}),
    },
    {
      id: 'billing-partition',
      title: 'Both organizations are in the same partition',
      status: source.partition === destination.partition ? 'PASS' : 'FAIL',
      evidence: `source ${source.partition}, destination ${destination.partition}`,
    },
    {
      id: 'billing-inbound-quota',
      title: 'The destination may take billing transfers (its inbound quota is above 0)',
      status: 'UNKNOWN',
      evidence:
        'AWS sets the inbound quota to 0 until the paying organization asks for more; no API reads it for orgward',
      fix: 'The paying side asks AWS to raise its "inbound responsibility transfers" quota.',
    },
  ];
}

function changes(source: OrganizationView, destination: OrganizationView, start: string): Change[] {
  return [
    {
      area: 'billing',
      effect: 'risk',
      summary: `From ${start.slice(0, 10)} the management account ${destination.managementAccountId} (${destination.id}) pays the bill of ${source.id}; no month is split`,
      detail: [
        'invoices come from the new payer; its prices may be pro forma (Billing Conductor), so Cost Explorer figures change',
        'the organization keeps its accounts, policies, Identity Center and security services',
      ],
    },
    {
      area: 'support',
      effect: 'risk',
      summary:
        'The support model follows the new payer’s contract (resold or partner-led support): agree on it before the start',
    },
  ];
}

/** The plan of a billing transfer for the source organization (its management account stands for it). */
export function planBilling(
  management: AccountEvidence,
  source: OrganizationView,
  destination: OrganizationView,
  start: string,
  now: Date,
): AccountTransfer {
  const steps: TransferStep[] = [
    {
      id: 'agreement',
      kind: 'gate',
      title: 'The billing contract with the new payer is signed',
      message: `The organization ${source.id} and the payer ${destination.id} signed the contract (prices, support, invoices). Mark it done when they have.`,
    },
    { id: 'invite-billing', kind: 'transfer-responsibility', startTimestamp: start },
    { id: 'accept-billing', kind: 'accept-responsibility' },
  ];
  const runbook = runbookFor(
    {
      path: 'billing',
      account: management,
      ou: '',
      access: null,
      contacts: null,
      rootEmail: null,
      references: 0,
    },
    steps,
  ).filter((s) => !['resource-policies', 'source-access-roles'].includes(s.id));
  return {
    accountId: management.account.id,
    accountName: management.account.name,
    sourcePath: '',
    destinationOu: '',
    blockers: blockers(source, destination, start, now),
    changes: changes(source, destination, start),
    runbook,
    steps,
  };
}
