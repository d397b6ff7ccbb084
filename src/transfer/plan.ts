/**
 * The transfer planner: evidence about the accounts and both organizations in, a {@link TransferPlan}
 * out (path and why, blockers, what changes, the runbook, the steps execute runs). Pure.
 */
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import {
  TRANSFER_PLAN_VERSION,
  type AccountEvidence,
  type AccountReads,
  type AccountTransfer,
  type OrganizationView,
  type OrgReference,
  type TransferEvidence,
  type TransferPath,
  type TransferPlan,
  type TransferStep,
} from '../model/transfer.js';
import { planBilling } from './billing.js';
import { blockersFor } from './blockers.js';
import { changesFor } from './changes.js';
import { executionSteps, runbookFor } from './runbook.js';
import { accessTo, destinationAccess, ouPathOf, policiesReaching } from './views.js';

/** An account's whole evidence: what was read in it, and what the source snapshot says about it. */
export function accountEvidence(
  snapshot: OrgSnapshot,
  account: SnapshotAccount,
  reads: AccountReads,
): AccountEvidence {
  return {
    account,
    sourcePath: ouPathOf(snapshot, account.parentId),
    delegatedServices: (snapshot.organization.delegatedAdministrators ?? [])
      .filter((d) => d.accountId === account.id)
      .map((d) => d.servicePrincipal)
      .sort(),
    sourcePolicies: policiesReaching(snapshot, account),
    access: accessTo(snapshot, account.id),
    ...reads,
  };
}

export interface TransferPlanInputs {
  now: Date;
  path: TransferPath;
  evidence: TransferEvidence;
  /** Destination OU path ('' for the root). */
  ou: string;
  contacts: Extract<TransferStep, { kind: 'contacts' }>['contacts'] | null;
  rootEmail: string | null;
  /** A billing transfer's start (the first of a month). */
  billingStart?: string;
}

const WHY: Record<TransferPath, string> = {
  direct:
    'Direct transfer: the destination invites the account and the account accepts; it moves from one organization to the other with no standalone period, so SCPs, logging and monitoring apply throughout and payment, contacts and support plan need no setup.',
  standalone:
    'Classic path (asked for with --standalone): the account is removed from the source, is standalone (its own bill, no SCPs) until it accepts the invitation. Use it only to make an account standalone.',
  billing:
    'Billing transfer (asked for with --billing-only): the organization keeps its accounts and its governance; only the payer changes, from the first day of a month.',
};

function referencesFor(references: OrgReference[] | null, accountId: string, moving: ReadonlySet<string>) {
  if (references === null) return null;
  // A reference in another moving account moves with it; what stays behind in the source matters.
  return references.filter((r) => r.accountId === accountId || !moving.has(r.accountId));
}

function planAccount(
  inputs: TransferPlanInputs,
  account: AccountEvidence,
  moving: ReadonlySet<string>,
): AccountTransfer {
  const { evidence, path, ou } = inputs;
  const references = referencesFor(evidence.references, account.account.id, moving);
  const blockers = blockersFor({
    now: inputs.now,
    path,
    account,
    source: evidence.source,
    destination: evidence.destination,
    moving: moving.size,
  });
  const changes = changesFor({
    account,
    source: evidence.source,
    destination: evidence.destination,
    ou,
    references,
  });
  const runbookInputs = {
    path,
    account,
    ou,
    access: destinationAccess(evidence.destination, ou, account.account),
    contacts: inputs.contacts,
    rootEmail: inputs.rootEmail,
    references: (references ?? []).filter((r) => r.accountId !== account.account.id).length,
  };
  const steps = executionSteps(runbookInputs);
  return {
    accountId: account.account.id,
    accountName: account.account.name,
    sourcePath: account.sourcePath,
    destinationOu: ou,
    blockers,
    changes,
    runbook: runbookFor(runbookInputs, steps),
    steps,
  };
}

function notes(evidence: TransferEvidence): string[] {
  const out: string[] = [];
  if (evidence.scanned)
    out.push(
      `Resource policies naming ${evidence.source.id} were searched in ${evidence.scanned.accounts} account(s) of the source organization, regions ${evidence.scanned.regions.join(', ')}: S3, KMS, SQS, SNS, Lambda and IAM role trusts.`,
    );
  if (evidence.destination.source === 'config')
    out.push(
      'The destination was planned from its org.yaml: its policies and Identity Center access are as the file says.',
    );
  return out;
}

/** Plans moving the accounts of `evidence` (see the module comment). */
export function planTransfer(inputs: TransferPlanInputs): TransferPlan {
  const { evidence } = inputs;
  const moving = new Set(evidence.accounts.map((a) => a.account.id));
  const view = (v: OrganizationView) => ({
    organizationId: v.id,
    managementAccountId: v.managementAccountId,
    fingerprint: v.fingerprint,
  });
  return {
    version: TRANSFER_PLAN_VERSION,
    createdAt: inputs.now.toISOString(),
    path: inputs.path,
    why: WHY[inputs.path],
    source: view(evidence.source),
    destination: { ...view(evidence.destination), from: evidence.destination.source },
    accounts: evidence.accounts.map((a) =>
      inputs.path === 'billing'
        ? planBilling(a, evidence.source, evidence.destination, inputs.billingStart ?? '', inputs.now)
        : planAccount(inputs, a, moving),
    ),
    notes: notes(evidence),
    evidence,
  };
}
