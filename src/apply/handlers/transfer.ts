/**
 * The steps of moving an account between organizations. Each finds out first whether it already
 * happened (an open invitation, an account already in the destination or its OU), so a run killed at
 * any point and started again converges without a second invitation. Gates stop the run with what a
 * person must do.
 */
import {
  AcceptPrimaryEmailUpdateCommand,
  GetAlternateContactCommand,
  GetPrimaryEmailCommand,
  PutAlternateContactCommand,
  StartPrimaryEmailUpdateCommand,
} from '@aws-sdk/client-account';
import {
  AcceptHandshakeCommand,
  DeregisterDelegatedAdministratorCommand,
  DescribeHandshakeCommand,
  DescribeOrganizationCommand,
  InviteAccountToOrganizationCommand,
  InviteOrganizationToTransferResponsibilityCommand,
  ListDelegatedServicesForAccountCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  ListParentsCommand,
  MoveAccountCommand,
  RemoveAccountFromOrganizationCommand,
  type Handshake,
} from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../../aws/clients.js';
import { isAwsCode } from '../../aws/errors.js';
import { OrgwardError } from '../../errors/index.js';
import type { TransferStep } from '../../model/transfer.js';
import type { TransferOperation } from '../../plan/operations.js';
import type { ApplyContext, Handlers, TransferRunContext } from '../context.js';
import { allPages } from '../../read/audit/got.js';
import { billingTransfersOf } from '../../read/transfer/billing.js';

type Step<K extends TransferStep['kind']> = Extract<TransferStep, { kind: K }>;
type Answer = Promise<void | { note: string }>;

function run(ctx: ApplyContext): TransferRunContext {
  if (!ctx.transfer)
    throw new OrgwardError('INTERNAL', 'a transfer step ran outside a transfer run', { source: 'internal' });
  return ctx.transfer;
}

const waiting = (message: string, hint: string) =>
  new OrgwardError('TRANSFER_WAITING', message, { source: 'user', hint });

const isOpen = (h: Handshake) => h.State === 'OPEN' || h.State === 'REQUESTED';
const names = (h: Handshake, accountId: string) =>
  (h.Parties ?? []).some((p) => p.Type === 'ACCOUNT' && p.Id === accountId);

async function organizationOf(session: ClientFactory): Promise<string | null> {
  try {
    return (await session.organizations().send(new DescribeOrganizationCommand({}))).Organization?.Id ?? null;
  } catch (error) {
    if (isAwsCode(error, 'AWSOrganizationsNotInUseException')) return null;
    throw error;
  }
}

function gate(accountId: string, step: Step<'gate'>, ctx: ApplyContext): Answer {
  if (run(ctx).done.has(`${accountId}:${step.id}`) || run(ctx).done.has(step.id))
    return Promise.resolve({ note: 'marked done' });
  throw waiting(`${step.title}? ${step.message}`, `when it is, run execute again with --done ${step.id}`);
}

/** Whether the account is still the source's delegated administrator for `servicePrincipal`. */
async function stillDelegated(transfer: TransferRunContext, accountId: string, servicePrincipal: string) {
  try {
    const out = await transfer.source
      .organizations()
      .send(new ListDelegatedServicesForAccountCommand({ AccountId: accountId }));
    return (out.DelegatedServices ?? []).some((s) => s.ServicePrincipal === servicePrincipal);
  } catch (error) {
    // Not registered for anything, or no longer in the source organization.
    if (isAwsCode(error, 'AccountNotRegisteredException') || isAwsCode(error, 'AccountNotFoundException'))
      return false;
    throw error;
  }
}

async function deregister(
  accountId: string,
  step: Step<'deregister-administrator'>,
  ctx: ApplyContext,
): Answer {
  const transfer = run(ctx);
  if (!(await stillDelegated(transfer, accountId, step.servicePrincipal)))
    return { note: 'already deregistered' };
  if (!transfer.deregister)
    throw waiting(
      `Account ${accountId} is delegated administrator for ${step.servicePrincipal}; deregistering it can delete that service's organization data.`,
      'register the replacement administrator, then run execute again with --deregister',
    );
  await transfer.source.organizations().send(
    new DeregisterDelegatedAdministratorCommand({
      AccountId: accountId,
      ServicePrincipal: step.servicePrincipal,
    }),
  );
}

async function remove(accountId: string, ctx: ApplyContext): Answer {
  try {
    await run(ctx)
      .source.organizations()
      .send(new RemoveAccountFromOrganizationCommand({ AccountId: accountId }));
  } catch (error) {
    if (isAwsCode(error, 'AccountNotFoundException')) return { note: 'not in the source organization' };
    throw error;
  }
}

/** The destination's invitations to `accountId`, newest first. */
async function invitations(ctx: ApplyContext, accountId: string): Promise<Handshake[]> {
  const client = ctx.factory.organizations();
  const all = await allPages(
    (NextToken) =>
      client.send(
        new ListHandshakesForOrganizationCommand({
          Filter: { ActionType: 'INVITE' },
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    (p) => p.Handshakes,
    (p) => p.NextToken,
  );
  return all
    .filter((h) => names(h, accountId))
    .sort((a, b) => (b.RequestedTimestamp?.getTime() ?? 0) - (a.RequestedTimestamp?.getTime() ?? 0));
}

async function memberOfDestination(ctx: ApplyContext, accountId: string): Promise<boolean> {
  try {
    await ctx.factory.organizations().send(new ListParentsCommand({ ChildId: accountId }));
    return true;
  } catch (error) {
    if (isAwsCode(error, 'ChildNotFoundException') || isAwsCode(error, 'AccountNotFoundException'))
      return false;
    throw error;
  }
}

async function invite(accountId: string, ctx: ApplyContext): Answer {
  const transfer = run(ctx);
  if (await memberOfDestination(ctx, accountId)) return { note: 'already in the destination' };
  const known = transfer.handshakes.get(accountId);
  const mine = await invitations(ctx, accountId);
  const open = mine.find(isOpen);
  if (open) return { note: `invitation ${open.Id} is open` };
  const last = known ? mine.find((h) => h.Id === known) : undefined;
  if (last && !transfer.reinvite)
    throw new OrgwardError(
      'TRANSFER_HANDSHAKE_CLOSED',
      `The invitation ${last.Id} to ${accountId} is ${last.State} (it was open until ${last.ExpirationTimestamp?.toISOString() ?? 'its expiry'}).`,
      { source: 'user', hint: 'run execute again with --reinvite to send a new invitation' },
    );
  const made = await ctx.factory.organizations().send(
    new InviteAccountToOrganizationCommand({
      Target: { Type: 'ACCOUNT', Id: accountId },
      Notes: 'orgward transfer: direct transfer into this organization',
    }),
  );
  transfer.handshakes.set(accountId, made.Handshake?.Id ?? '');
  return {
    note: `invitation ${made.Handshake?.Id} sent, open until ${made.Handshake?.ExpirationTimestamp?.toISOString()}`,
  };
}

async function accept(accountId: string, ctx: ApplyContext): Answer {
  const transfer = run(ctx);
  const session = transfer.inAccount(accountId);
  if ((await organizationOf(session)) === transfer.destinationOrganizationId)
    return { note: 'already accepted' };
  const client = session.organizations();
  const offered = await allPages(
    (NextToken) =>
      client.send(
        new ListHandshakesForAccountCommand({
          Filter: { ActionType: 'INVITE' },
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    (p) => p.Handshakes,
    (p) => p.NextToken,
  );
  const fromDestination = offered.filter((h) =>
    (h.Parties ?? []).some((p) => p.Type === 'ORGANIZATION' && p.Id === transfer.destinationOrganizationId),
  );
  const open = fromDestination.find(isOpen);
  if (!open) {
    const id = transfer.handshakes.get(accountId);
    const state = id
      ? (await ctx.factory.organizations().send(new DescribeHandshakeCommand({ HandshakeId: id }))).Handshake
          ?.State
      : undefined;
    throw new OrgwardError(
      'TRANSFER_HANDSHAKE_CLOSED',
      `Account ${accountId} has no open invitation from ${transfer.destinationOrganizationId}${state ? ` (the last one, ${id}, is ${state})` : ''}.`,
      { source: 'user', hint: 'run execute again with --reinvite to send a new invitation' },
    );
  }
  await client.send(new AcceptHandshakeCommand({ HandshakeId: open.Id }));
  transfer.handshakes.set(accountId, open.Id ?? '');
  return { note: `accepted ${open.Id}` };
}

async function place(accountId: string, step: Step<'place'>, ouId: string, ctx: ApplyContext): Answer {
  const client = ctx.factory.organizations();
  const parent = (await client.send(new ListParentsCommand({ ChildId: accountId }))).Parents?.[0]?.Id;
  if (parent === ouId) return { note: `already in ${step.ou}` };
  await client.send(
    new MoveAccountCommand({ AccountId: accountId, SourceParentId: parent, DestinationParentId: ouId }),
  );
}

async function contacts(accountId: string, step: Step<'contacts'>, ctx: ApplyContext): Answer {
  const client = ctx.factory.accountManagement();
  let written = 0;
  for (const [type, contact] of Object.entries(step.contacts)) {
    const AlternateContactType = type as 'BILLING' | 'OPERATIONS' | 'SECURITY';
    const current = await client
      .send(new GetAlternateContactCommand({ AccountId: accountId, AlternateContactType }))
      .then(
        (out) => out.AlternateContact,
        (error: unknown) => {
          if (isAwsCode(error, 'ResourceNotFoundException')) return undefined;
          throw error;
        },
      );
    if (
      current?.Name === contact.name &&
      current.EmailAddress === contact.email &&
      current.Title === contact.title &&
      current.PhoneNumber === contact.phone
    )
      continue;
    written++;
    await client.send(
      new PutAlternateContactCommand({
        AccountId: accountId,
        AlternateContactType,
        Name: contact.name,
        EmailAddress: contact.email,
        Title: contact.title,
        PhoneNumber: contact.phone,
      }),
    );
  }
  if (written === 0) return { note: 'already set' };
}

async function primaryEmail(accountId: string, step: Step<'primary-email'>, ctx: ApplyContext): Answer {
  const client = ctx.factory.accountManagement();
  const current = (await client.send(new GetPrimaryEmailCommand({ AccountId: accountId }))).PrimaryEmail;
  if (current?.toLowerCase() === step.email.toLowerCase()) return { note: 'already the root e-mail' };
  const otp = run(ctx).otp;
  if (!otp) {
    await client.send(new StartPrimaryEmailUpdateCommand({ AccountId: accountId, PrimaryEmail: step.email }));
    throw waiting(
      `A one-time code was sent to ${step.email} to confirm it as the root e-mail of ${accountId}.`,
      'run execute again with --otp <code> (the code is valid for a limited time)',
    );
  }
  await client.send(
    new AcceptPrimaryEmailUpdateCommand({ AccountId: accountId, PrimaryEmail: step.email, Otp: otp }),
  );
}

/** Billing transfer: the destination (the new payer) invites the source organization's management account. */
async function inviteBilling(
  accountId: string,
  step: Step<'transfer-responsibility'>,
  ctx: ApplyContext,
): Answer {
  const client = ctx.factory.organizations();
  const existing = (await billingTransfersOf(ctx.factory, 'inbound')).find(
    (t) => t.payee === accountId && (t.status === 'REQUESTED' || t.status === 'ACCEPTED'),
  );
  if (existing) return { note: `transfer ${existing.id} is ${existing.status}` };
  const made = await client.send(
    new InviteOrganizationToTransferResponsibilityCommand({
      Type: 'BILLING',
      Target: { Type: 'ACCOUNT', Id: accountId },
      StartTimestamp: new Date(step.startTimestamp),
      SourceName: `orgward billing transfer of ${accountId}`.slice(0, 128),
    }),
  );
  run(ctx).handshakes.set(accountId, made.Handshake?.Id ?? '');
  return { note: `invitation ${made.Handshake?.Id} sent` };
}

/** The source organization's management account accepts the billing transfer. */
async function acceptBilling(accountId: string, ctx: ApplyContext): Answer {
  const client = run(ctx).source.organizations();
  const offered = await allPages(
    (NextToken) =>
      client.send(
        new ListHandshakesForAccountCommand({
          Filter: { ActionType: 'TRANSFER_RESPONSIBILITY' },
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    (p) => p.Handshakes,
    (p) => p.NextToken,
  );
  const fromDestination = offered.filter((h) =>
    (h.Parties ?? []).some((p) => p.Type === 'ORGANIZATION' && p.Id === run(ctx).destinationOrganizationId),
  );
  const open = fromDestination.find(isOpen);
  if (!open && fromDestination.some((h) => h.State === 'ACCEPTED')) return { note: 'already accepted' };
  if (!open)
    throw new OrgwardError(
      'TRANSFER_HANDSHAKE_CLOSED',
      `${accountId} has no open billing transfer invitation.`,
      {
        source: 'user',
        hint: 'run execute again with --reinvite',
      },
    );
  await client.send(new AcceptHandshakeCommand({ HandshakeId: open.Id }));
  return { note: `accepted ${open.Id}` };
}

export const transferHandlers: Handlers = {
  'transfer-step': async (op: TransferOperation & { id: string }, ctx) => {
    const { accountId, step } = op;
    switch (step.kind) {
      case 'gate':
        return gate(accountId, step, ctx);
      case 'deregister-administrator':
        return deregister(accountId, step, ctx);
      case 'remove':
        return remove(accountId, ctx);
      case 'invite':
        return invite(accountId, ctx);
      case 'accept':
        return accept(accountId, ctx);
      case 'place':
        return place(accountId, step, run(ctx).ouId(step.ou), ctx);
      case 'contacts':
        return contacts(accountId, step, ctx);
      case 'primary-email':
        return primaryEmail(accountId, step, ctx);
      case 'transfer-responsibility':
        return inviteBilling(accountId, step, ctx);
      case 'accept-responsibility':
        return acceptBilling(accountId, ctx);
      case 'assign':
        throw new OrgwardError('INTERNAL', `${step.kind} runs as its own operation`, { source: 'internal' });
    }
  },
};
