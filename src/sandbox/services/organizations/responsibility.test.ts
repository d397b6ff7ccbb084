import {
  AcceptHandshakeCommand,
  CancelHandshakeCommand,
  CreateOrganizationCommand,
  DeclineHandshakeCommand,
  DeleteOrganizationCommand,
  DescribeHandshakeCommand,
  DescribeResponsibilityTransferCommand,
  InviteAccountToOrganizationCommand,
  InviteOrganizationToTransferResponsibilityCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  ListInboundResponsibilityTransfersCommand,
  ListOutboundResponsibilityTransfersCommand,
  OrganizationsClient,
  TerminateResponsibilityTransferCommand,
  UpdateResponsibilityTransferCommand,
  type Handshake,
  type HandshakeResource,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target } from '../../../../test/support/targets.js';
import { billingPayerOf, endOfMonth, INBOUND_TRANSFER_LIMIT } from './responsibility.js';
import { organizationOf } from './state.js';

const PARTNER = '111111111111';
const CUSTOMER = '222222222222';
const OTHER_PARTNER = '333333333333';
const DAY = 86_400_000;

describe('Organizations responsibility (billing) transfers on sandbox', () => {
  let target: Target;
  let partner: OrganizationsClient;
  let customer: OrganizationsClient;

  const client = (accountId: string) => new OrganizationsClient(target.config({ accessKeyId: accountId }));
  const now = () => target.sandbox!.now();
  /** The first day of the month after next: always more than 24 hours ahead. */
  const nextStart = (monthsAhead = 2) => {
    const at = now();
    return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + monthsAhead, 1));
  };
  const orgIdOf = (accountId: string) => organizationOf(target.sandbox!.world, accountId)!.id;
  const payerOf = (accountId: string) => billingPayerOf(target.sandbox!.world, orgIdOf(accountId), now());
  const invite = (
    from: OrganizationsClient,
    to: string,
    overrides: Partial<{ StartTimestamp: Date; SourceName: string; Notes: string }> = {},
  ) =>
    from.send(
      new InviteOrganizationToTransferResponsibilityCommand({
        Type: 'BILLING',
        Target: { Type: 'ACCOUNT', Id: to },
        StartTimestamp: nextStart(),
        SourceName: 'Customer billing',
        ...overrides,
      }),
    );
  const transferIdOf = (handshake: Handshake) =>
    handshake.Resources!.find((r) => r.Type === 'RESPONSIBILITY_TRANSFER')!.Value!;
  const describeTransfer = (as: OrganizationsClient, Id: string) =>
    as.send(new DescribeResponsibilityTransferCommand({ Id })).then((r) => r.ResponsibilityTransfer!);

  beforeAll(async () => {
    target = await startTarget('sandbox');
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    partner = client(PARTNER);
    customer = client(CUSTOMER);
    await partner.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await customer.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  });

  it('invites, lists on both sides, accepts, starts on the first of the month and is withdrawn', async () => {
    const start = nextStart();
    const handshake = (await invite(partner, CUSTOMER, { StartTimestamp: start, Notes: 'from your partner' }))
      .Handshake!;
    expect(handshake.Action).toBe('TRANSFER_RESPONSIBILITY');
    expect(handshake.State).toBe('OPEN');
    expect(handshake.Parties).toEqual([
      { Id: orgIdOf(PARTNER), Type: 'ORGANIZATION' },
      { Id: CUSTOMER, Type: 'ACCOUNT' },
    ]);
    expect(handshake.ExpirationTimestamp!.getTime()).toBeLessThanOrEqual(start.getTime() - DAY);
    const types = (list: HandshakeResource[] = []): string[] =>
      list.flatMap((r) => [r.Type!, ...types(r.Resources)]);
    expect(types(handshake.Resources)).toEqual([
      'RESPONSIBILITY_TRANSFER',
      'TRANSFER_TYPE',
      'TRANSFER_START_TIMESTAMP',
      'ORGANIZATION',
      'MANAGEMENT_ACCOUNT',
      'MANAGEMENT_EMAIL',
      'MANAGEMENT_NAME',
      'ACCOUNT',
      'NOTES',
    ]);
    const id = transferIdOf(handshake);
    expect(id).toMatch(/^rt-[0-9a-z]{10}$/);

    // The recipient sees the invitation among its handshakes, the sender among its organization's.
    const received = (await customer.send(new ListHandshakesForAccountCommand({}))).Handshakes!;
    expect(received.map((h) => h.Id)).toEqual([handshake.Id]);
    const sent = await partner.send(
      new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'TRANSFER_RESPONSIBILITY' } }),
    );
    expect(sent.Handshakes!.map((h) => h.Id)).toEqual([handshake.Id]);

    // Inbound: the partner takes the responsibility on; outbound: the customer hands it over.
    const inbound = (await partner.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' })))
      .ResponsibilityTransfers!;
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({
      Id: id,
      Name: 'Customer billing',
      Type: 'BILLING',
      Status: 'REQUESTED',
      Source: { ManagementAccountId: CUSTOMER },
      Target: { ManagementAccountId: PARTNER },
      StartTimestamp: start,
      ActiveHandshakeId: handshake.Id,
      Arn: `arn:aws:organizations::${PARTNER}:transfer/${orgIdOf(PARTNER)}/billing/inbound/${id}`,
    });
    const outbound = (
      await customer.send(new ListOutboundResponsibilityTransfersCommand({ Type: 'BILLING' }))
    ).ResponsibilityTransfers!;
    expect(outbound.map((t) => [t.Id, t.Status, t.Name])).toEqual([[id, 'REQUESTED', undefined]]);
    expect(outbound[0]!.Arn).toBe(
      `arn:aws:organizations::${CUSTOMER}:transfer/${orgIdOf(CUSTOMER)}/billing/outbound/${id}`,
    );
    expect(
      (await customer.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' })))
        .ResponsibilityTransfers,
    ).toEqual([]);
    expect(
      (await partner.send(new ListOutboundResponsibilityTransfersCommand({ Type: 'BILLING' })))
        .ResponsibilityTransfers,
    ).toEqual([]);
    const filtered = await partner.send(
      new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING', Id: id }),
    );
    expect(filtered.ResponsibilityTransfers!.map((t) => t.Id)).toEqual([id]);

    // Accepting: ACCEPTED until the start, and the customer still pays its own bill until then.
    const accepted = (await customer.send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! })))
      .Handshake!;
    expect(accepted.State).toBe('ACCEPTED');
    expect((await describeTransfer(customer, id)).Status).toBe('ACCEPTED');
    expect(payerOf(CUSTOMER)).toBe(CUSTOMER);

    // From the start the partner pays; the model has no further status: it stays ACCEPTED.
    target.sandbox!.advanceClock(start.getTime() - now().getTime() + 1000);
    expect(payerOf(CUSTOMER)).toBe(PARTNER);
    expect((await describeTransfer(partner, id)).Status).toBe('ACCEPTED');

    // Only the inbound side names the transfer.
    const renamed = await partner.send(
      new UpdateResponsibilityTransferCommand({ Id: id, Name: 'Customer A' }),
    );
    expect(renamed.ResponsibilityTransfer!.Name).toBe('Customer A');
    expect(
      (await failure(customer.send(new UpdateResponsibilityTransferCommand({ Id: id, Name: 'Mine' })))).name,
    ).toBe('AccessDeniedException');

    // Either side withdraws; the transfer runs to the end of the current month.
    const withdrawn = (await customer.send(new TerminateResponsibilityTransferCommand({ Id: id })))
      .ResponsibilityTransfer!;
    expect(withdrawn.Status).toBe('WITHDRAWN');
    expect(withdrawn.EndTimestamp).toEqual(endOfMonth(now()));
    expect(payerOf(CUSTOMER)).toBe(PARTNER);
    expect(await failure(partner.send(new TerminateResponsibilityTransferCommand({ Id: id })))).toMatchObject(
      {
        name: 'ResponsibilityTransferAlreadyInStatusException',
      },
    );

    // While the transfer runs neither organization can be deleted; after its end, it can.
    expect(await failure(customer.send(new DeleteOrganizationCommand({})))).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS',
    });
    target.sandbox!.advanceClock(withdrawn.EndTimestamp!.getTime() - now().getTime() + 1000);
    expect(payerOf(CUSTOMER)).toBe(CUSTOMER);
    await customer.send(new DeleteOrganizationCommand({}));
  });

  it('declines, cancels and expires invitations, and refuses to withdraw a transfer that never began', async () => {
    const declined = (await invite(partner, CUSTOMER)).Handshake!;
    await customer.send(new DeclineHandshakeCommand({ HandshakeId: declined.Id! }));
    const declinedId = transferIdOf(declined);
    expect((await describeTransfer(partner, declinedId)).Status).toBe('DECLINED');
    expect(
      await failure(partner.send(new TerminateResponsibilityTransferCommand({ Id: declinedId }))),
    ).toMatchObject({ name: 'InvalidResponsibilityTransferTransitionException' });

    const cancelled = (await invite(partner, CUSTOMER)).Handshake!;
    // An open invitation keeps both organizations from being deleted.
    expect(await failure(partner.send(new DeleteOrganizationCommand({})))).toMatchObject({
      Reason: 'ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS',
    });
    expect(
      await failure(customer.send(new CancelHandshakeCommand({ HandshakeId: cancelled.Id! }))),
    ).toMatchObject({ name: 'AccessDeniedException' });
    await partner.send(new CancelHandshakeCommand({ HandshakeId: cancelled.Id! }));
    expect((await describeTransfer(customer, transferIdOf(cancelled))).Status).toBe('CANCELED');

    const expiring = (await invite(partner, CUSTOMER)).Handshake!;
    target.sandbox!.advanceClock(expiring.ExpirationTimestamp!.getTime() - now().getTime() + 1000);
    expect((await describeTransfer(partner, transferIdOf(expiring))).Status).toBe('EXPIRED');
    const late = await failure(customer.send(new AcceptHandshakeCommand({ HandshakeId: expiring.Id! })));
    expect(late.name).toBe('InvalidHandshakeTransitionException');
    expect(
      (await customer.send(new DescribeHandshakeCommand({ HandshakeId: expiring.Id! }))).Handshake!.State,
    ).toBe('EXPIRED');

    const statuses = (
      await partner.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }))
    ).ResponsibilityTransfers!.map((t) => t.Status);
    expect(statuses).toEqual(['DECLINED', 'CANCELED', 'EXPIRED']);
    await partner.send(new DeleteOrganizationCommand({}));
  });

  it('refuses invitations AWS refuses', async () => {
    const start = nextStart();
    const refused = async (promise: Promise<unknown>) => {
      const error = await failure(promise);
      return error.Reason ? `${error.name} ${error.Reason}` : error.name;
    };
    expect(await refused(invite(partner, PARTNER))).toBe(
      'HandshakeConstraintViolationException SOURCE_AND_TARGET_CANNOT_MATCH',
    );
    // Only a management account of another organization can be invited.
    expect(await refused(invite(partner, '444444444444'))).toBe(
      'InvalidInputException INVALID_PARTY_TYPE_TARGET',
    );
    expect(
      await refused(
        partner.send(
          new InviteOrganizationToTransferResponsibilityCommand({
            Type: 'BILLING',
            Target: { Type: 'ORGANIZATION', Id: orgIdOf(CUSTOMER) },
            StartTimestamp: start,
            SourceName: 'x',
          }),
        ),
      ),
    ).toBe('InvalidInputException INVALID_PARTY_TYPE_TARGET');
    expect(
      await refused(invite(partner, CUSTOMER, { StartTimestamp: new Date(start.getTime() + 3_600_000) })),
    ).toBe('InvalidInputException START_DATE_NOT_BEGINNING_OF_DAY');
    expect(
      await refused(invite(partner, CUSTOMER, { StartTimestamp: new Date(start.getTime() + 14 * DAY) })),
    ).toBe('InvalidInputException START_DATE_NOT_BEGINNING_OF_MONTH');
    expect(await refused(invite(partner, CUSTOMER, { StartTimestamp: nextStart(0) }))).toBe(
      'InvalidInputException START_DATE_TOO_EARLY',
    );
    expect(await refused(invite(partner, CUSTOMER, { SourceName: '' }))).toBe(
      'InvalidInputException MIN_LENGTH_EXCEEDED',
    );

    // A member account may not invite; an account in no organization is told so.
    const invitation = await partner.send(
      new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '555555555555' } }),
    );
    await client('555555555555').send(new AcceptHandshakeCommand({ HandshakeId: invitation.Handshake!.Id! }));
    expect(await refused(invite(client('555555555555'), CUSTOMER))).toBe('AccessDeniedException');
    expect(await refused(invite(client('666666666666'), CUSTOMER))).toBe('AWSOrganizationsNotInUseException');

    // The same invitation twice; then, once accepted, any new invitation between the two organizations.
    const handshake = (await invite(partner, CUSTOMER)).Handshake!;
    expect(await refused(invite(partner, CUSTOMER))).toBe('DuplicateHandshakeException');
    await customer.send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }));
    expect(await refused(invite(partner, CUSTOMER))).toBe(
      'HandshakeConstraintViolationException RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
    );
    expect(await refused(invite(customer, PARTNER))).toBe(
      'HandshakeConstraintViolationException RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
    );
  });

  it('allows one outbound transfer in force and a limited number of inbound ones', async () => {
    const other = client(OTHER_PARTNER);
    await other.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const first = (await invite(partner, CUSTOMER)).Handshake!;
    const second = (await invite(other, CUSTOMER)).Handshake!;
    await customer.send(new AcceptHandshakeCommand({ HandshakeId: first.Id! }));
    expect(
      await failure(customer.send(new AcceptHandshakeCommand({ HandshakeId: second.Id! }))),
    ).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'RESPONSIBILITY_TRANSFER_MAX_OUTBOUND_QUOTA_VIOLATION',
    });

    // The partner has one transfer in force; it may send invitations up to the inbound limit.
    for (let i = 1; i < INBOUND_TRANSFER_LIMIT; i++) {
      const accountId = String(700_000_000_000 + i);
      await client(accountId).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      await invite(partner, accountId);
    }
    await client('799999999999').send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    expect(await failure(invite(partner, '799999999999'))).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'RESPONSIBILITY_TRANSFER_MAX_INBOUND_QUOTA_VIOLATION',
    });
  });

  it('passes billing on along a chain of transfers', async () => {
    const other = client(OTHER_PARTNER);
    await other.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const start = nextStart();
    const toPartner = (await invite(partner, CUSTOMER, { StartTimestamp: start })).Handshake!;
    await customer.send(new AcceptHandshakeCommand({ HandshakeId: toPartner.Id! }));
    const toOther = (await invite(other, PARTNER, { StartTimestamp: start })).Handshake!;
    // Sent before the chain closes, accepted after: the customer would pay for the one that pays for it.
    const cycle = (await invite(customer, OTHER_PARTNER, { StartTimestamp: nextStart(3) })).Handshake!;
    await partner.send(new AcceptHandshakeCommand({ HandshakeId: toOther.Id! }));
    expect(await failure(other.send(new AcceptHandshakeCommand({ HandshakeId: cycle.Id! })))).toMatchObject({
      name: 'HandshakeConstraintViolationException',
      Reason: 'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
    });
    // Once the chain is in force, such an invitation is refused at once.
    await other.send(new DeclineHandshakeCommand({ HandshakeId: cycle.Id! }));
    expect(await failure(invite(customer, OTHER_PARTNER, { StartTimestamp: nextStart(4) }))).toMatchObject({
      name: 'HandshakeConstraintViolationException',
      Reason: 'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
    });
    target.sandbox!.advanceClock(start.getTime() - now().getTime() + 1000);
    expect(payerOf(CUSTOMER)).toBe(OTHER_PARTNER);
    expect(payerOf(PARTNER)).toBe(OTHER_PARTNER);
  });

  it('answers not found for unknown transfers and checks end dates', async () => {
    const missing = 'rt-abcdefghij';
    expect((await failure(describeTransfer(partner, missing))).name).toBe(
      'ResponsibilityTransferNotFoundException',
    );
    expect(
      (
        await failure(
          partner.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING', Id: missing })),
        )
      ).name,
    ).toBe('ResponsibilityTransferNotFoundException');
    const handshake = (await invite(partner, CUSTOMER)).Handshake!;
    const id = transferIdOf(handshake);
    // A third organization is no party to the transfer.
    const other = client(OTHER_PARTNER);
    await other.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    expect((await failure(describeTransfer(other, id))).name).toBe('ResponsibilityTransferNotFoundException');

    await customer.send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }));
    const terminate = (EndTimestamp: Date) =>
      failure(partner.send(new TerminateResponsibilityTransferCommand({ Id: id, EndTimestamp })));
    const monthEnd = endOfMonth(now());
    expect((await terminate(new Date(monthEnd.getTime() - DAY))).Reason).toBe('END_DATE_NOT_END_OF_MONTH');
    const lastMonthEnd = new Date(Date.UTC(now().getUTCFullYear(), now().getUTCMonth(), 1) - 1000);
    expect((await terminate(lastMonthEnd)).Reason).toBe('END_DATE_TOO_EARLY');
    const later = endOfMonth(new Date(monthEnd.getTime() + 40 * DAY));
    const withdrawn = await partner.send(
      new TerminateResponsibilityTransferCommand({ Id: id, EndTimestamp: later }),
    );
    expect(withdrawn.ResponsibilityTransfer).toMatchObject({ Status: 'WITHDRAWN', EndTimestamp: later });
  });
});
