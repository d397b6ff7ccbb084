/**
 * Account Management through the SDK: a member account's primary email (read, update started, one-time
 * password accepted), who may do it, and the account name and information.
 */
import {
  AcceptPrimaryEmailUpdateCommand,
  AccountClient,
  GetAccountInformationCommand,
  GetPrimaryEmailCommand,
  PutAccountNameCommand,
  StartPrimaryEmailUpdateCommand,
} from '@aws-sdk/client-account';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { makeOrganization } from '../../shared/testing.js';
import type { World } from '../../world.js';
import type { AccountServiceState } from './state.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const SECURITY = '333333333333';
const OUTSIDER = '444444444444';
const NEW_EMAIL = 'root+member@example.com';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Account Management primary email over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string) =>
    new AccountClient({ ...target.config({ accessKeyId, region: 'us-east-1' }), maxAttempts: 1 });
  const organizations = () =>
    new OrganizationsClient({ ...target.config({ accessKeyId: MGMT, region: 'us-east-1' }), maxAttempts: 1 });
  const world = () => target.sandbox!.world;
  const organization = () => Object.values(world().organizations)[0]!;

  /** The pending update of `accountId`, as a tester sees it: through `GET /_sandbox/world` over HTTP. */
  async function pendingUpdate(accountId: string) {
    const seen: World =
      name === 'sandbox-http'
        ? ((await (await fetch(`${target.endpoint}/_sandbox/world`)).json()) as World)
        : world();
    return (seen.accounts[accountId]!.services.account as AccountServiceState | undefined)
      ?.primaryEmailUpdate;
  }
  const start = (caller: string, AccountId: string, PrimaryEmail = NEW_EMAIL) =>
    client(caller).send(new StartPrimaryEmailUpdateCommand({ AccountId, PrimaryEmail }));
  const accept = (caller: string, AccountId: string, Otp: string, PrimaryEmail = NEW_EMAIL) =>
    client(caller).send(new AcceptPrimaryEmailUpdateCommand({ AccountId, PrimaryEmail, Otp }));
  const wrong = (otp: string) => (otp === '000000' ? '111111' : '000000');

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(world(), {
      managementAccountId: MGMT,
      memberIds: [MEMBER, SECURITY],
      trustedServices: ['account.amazonaws.com'],
      delegatedAdmins: [{ accountId: SECURITY, servicePrincipal: 'account.amazonaws.com' }],
    });
  });

  it('updates a member’s primary email with the one-time password sent to the new address', async () => {
    expect((await client(MGMT).send(new GetPrimaryEmailCommand({ AccountId: MEMBER }))).PrimaryEmail).toBe(
      world().accounts[MEMBER]!.email,
    );
    expect((await start(MGMT, MEMBER)).Status).toBe('PENDING');
    const pending = (await pendingUpdate(MEMBER))!;
    expect(pending.email).toBe(NEW_EMAIL);
    expect(pending.otp).toMatch(/^\d{6}$/);
    expect(Date.parse(pending.expiresAt) - Date.parse(pending.startedAt)).toBe(24 * 3600 * 1000);

    // A wrong password is refused and leaves the update pending.
    expect(await failure(accept(MGMT, MEMBER, wrong(pending.otp)))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
    expect(await pendingUpdate(MEMBER)).toEqual(pending);
    expect((await failure(accept(MGMT, MEMBER, pending.otp, 'other@example.com'))).name).toBe(
      'ResourceNotFoundException',
    );

    expect((await accept(MGMT, MEMBER, pending.otp)).Status).toBe('ACCEPTED');
    expect(await pendingUpdate(MEMBER)).toBeUndefined();
    expect(
      (await client(SECURITY).send(new GetPrimaryEmailCommand({ AccountId: MEMBER }))).PrimaryEmail,
    ).toBe(NEW_EMAIL);
    expect(
      (await organizations().send(new DescribeAccountCommand({ AccountId: MEMBER }))).Account!.Email,
    ).toBe(NEW_EMAIL);
    // Accepted once: nothing is pending any more.
    expect(await failure(accept(MGMT, MEMBER, pending.otp))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
  });

  it('lets the delegated administrator update, a new start replace the old password, and expires it after 24 hours', async () => {
    await start(SECURITY, MEMBER, 'first@example.com');
    const first = (await pendingUpdate(MEMBER))!;
    await start(SECURITY, MEMBER);
    const second = (await pendingUpdate(MEMBER))!;
    expect(second.email).toBe(NEW_EMAIL);
    expect((await failure(accept(SECURITY, MEMBER, first.otp, 'first@example.com'))).name).toBe(
      'ResourceNotFoundException',
    );
    target.sandbox!.advanceClock(24 * 3600 * 1000);
    expect(await failure(accept(SECURITY, MEMBER, second.otp))).toMatchObject({
      name: 'ValidationException',
      message: 'The one-time password has expired. Start the primary email update again.',
    });
    await start(SECURITY, MEMBER);
    expect((await accept(SECURITY, MEMBER, (await pendingUpdate(MEMBER))!.otp)).Status).toBe('ACCEPTED');
  });

  it('refuses an address another account uses, and malformed input', async () => {
    const taken = world().accounts[SECURITY]!.email;
    expect(await failure(start(MGMT, MEMBER, taken.toUpperCase()))).toMatchObject({
      name: 'ConflictException',
      status: 409,
    });
    // Taken between the start and the accept.
    await start(MGMT, MEMBER);
    const otp = (await pendingUpdate(MEMBER))!.otp;
    world().accounts[OUTSIDER] = { ...world().accounts[SECURITY]!, id: OUTSIDER, email: NEW_EMAIL };
    expect((await failure(accept(MGMT, MEMBER, otp))).name).toBe('ConflictException');
    expect((await failure(start(MGMT, MEMBER, 'not-an-email'))).name).toBe('ValidationException');
    expect((await failure(accept(MGMT, MEMBER, '12345'))).name).toBe('ValidationException');
  });

  it('answers AccessDeniedException to any caller but the management account or the delegated administrator', async () => {
    const denied = async (call: Promise<unknown>) => (await failure(call)).name;
    // A member for another member; the management account for itself; an account outside the organization.
    expect(await denied(client(MEMBER).send(new GetPrimaryEmailCommand({ AccountId: SECURITY })))).toBe(
      'AccessDeniedException',
    );
    expect(await denied(start(MGMT, MGMT))).toBe('AccessDeniedException');
    expect(await denied(start(SECURITY, MGMT))).toBe('AccessDeniedException');
    expect(await denied(start(MGMT, OUTSIDER))).toBe('AccessDeniedException');
    expect(await denied(client(OUTSIDER).send(new GetPrimaryEmailCommand({ AccountId: OUTSIDER })))).toBe(
      'AccessDeniedException',
    );
    organization().featureSet = 'CONSOLIDATED_BILLING';
    expect(await denied(start(MGMT, MEMBER))).toBe('AccessDeniedException');
    organization().featureSet = 'ALL';
    organization().trustedServices = {};
    expect(await failure(accept(MGMT, MEMBER, '123456'))).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
      message: 'Trusted access for AWS Account Management is not enabled in the organization.',
    });
    expect(await pendingUpdate(MEMBER)).toBeUndefined();
  });

  it('names accounts and reads their information', async () => {
    await client(MGMT).send(new PutAccountNameCommand({ AccountId: MEMBER, AccountName: 'shop-prod' }));
    await client(OUTSIDER).send(new PutAccountNameCommand({ AccountName: 'sandbox' }));
    expect(await client(MEMBER).send(new GetAccountInformationCommand({}))).toMatchObject({
      AccountId: MEMBER,
      AccountName: 'shop-prod',
      AccountState: 'ACTIVE',
      AccountCreatedDate: new Date(world().accounts[MEMBER]!.createdAt),
    });
    expect(
      (await client(SECURITY).send(new GetAccountInformationCommand({ AccountId: MEMBER }))).AccountName,
    ).toBe('shop-prod');
    expect((await client(OUTSIDER).send(new GetAccountInformationCommand({}))).AccountName).toBe('sandbox');
    expect(
      (await organizations().send(new DescribeAccountCommand({ AccountId: MEMBER }))).Account!.Name,
    ).toBe('shop-prod');
    expect(
      (
        await failure(
          client(MGMT).send(new PutAccountNameCommand({ AccountId: MEMBER, AccountName: 'bad\tname' })),
        )
      ).name,
    ).toBe('ValidationException');
    expect(
      (await failure(client(MEMBER).send(new GetAccountInformationCommand({ AccountId: SECURITY })))).name,
    ).toBe('AccessDeniedException');
  });
});
