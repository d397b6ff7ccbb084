/** Account Management through the SDK: contacts (own and members'), regions, seeding. */
import {
  AccountClient,
  DeleteAlternateContactCommand,
  GetAlternateContactCommand,
  GetContactInformationCommand,
  GetRegionOptStatusCommand,
  ListRegionsCommand,
  PutAlternateContactCommand,
  PutContactInformationCommand,
} from '@aws-sdk/client-account';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const SECURITY = '333333333333';
const OUTSIDER = '444444444444';
const contact = { Name: 'Sec', Title: 'CISO', EmailAddress: 'sec@example.com', PhoneNumber: '+1 555 0100' };

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Account Management over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string) =>
    new AccountClient({ ...target.config({ accessKeyId, region: 'us-east-1' }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(target.sandbox!.world, {
      managementAccountId: MGMT,
      memberIds: [MEMBER, SECURITY],
      trustedServices: ['account.amazonaws.com'],
      delegatedAdmins: [{ accountId: SECURITY, servicePrincipal: 'account.amazonaws.com' }],
    });
  });

  it('keeps an account’s own alternate contacts and contact information', async () => {
    const account = client(OUTSIDER);
    expect(
      (await failure(account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))))
        .name,
    ).toBe('ResourceNotFoundException');
    await account.send(new PutAlternateContactCommand({ ...contact, AlternateContactType: 'SECURITY' }));
    expect(
      (await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })))
        .AlternateContact,
    ).toEqual({
      ...contact,
      AlternateContactType: 'SECURITY',
    });
    await account.send(new DeleteAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    expect(
      (await failure(account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))))
        .name,
    ).toBe('ResourceNotFoundException');
    const info = {
      FullName: 'Example',
      AddressLine1: '1 Main St',
      City: 'Seattle',
      PostalCode: '98101',
      CountryCode: 'US',
      PhoneNumber: '+15550100',
    };
    await account.send(new PutContactInformationCommand({ ContactInformation: info }));
    expect((await account.send(new GetContactInformationCommand({}))).ContactInformation).toEqual(info);
  });

  it('lets the management account and the delegated admin manage members, not other members', async () => {
    await client(MGMT).send(
      new PutAlternateContactCommand({ ...contact, AlternateContactType: 'SECURITY', AccountId: MEMBER }),
    );
    const read = await client(SECURITY).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }),
    );
    expect(read.AlternateContact!.EmailAddress).toBe('sec@example.com');
    expect(
      (await client(MEMBER).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })))
        .AlternateContact!.Name,
    ).toBe('Sec');
    expect(
      (
        await failure(
          client(MEMBER).send(
            new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: SECURITY }),
          ),
        )
      ).name,
    ).toBe('AccessDeniedException');
    expect(
      (
        await failure(
          client(MGMT).send(
            new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: OUTSIDER }),
          ),
        )
      ).name,
    ).toBe('AccessDeniedException');
    Object.values(target.sandbox!.world.organizations)[0]!.trustedServices = {};
    expect(
      (
        await failure(
          client(MGMT).send(
            new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }),
          ),
        )
      ).name,
    ).toBe('AccessDeniedException');
  });

  it('lists regions with their opt-in status', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [MEMBER]: { enabledRegions: ['us-east-1', 'eu-west-1', 'af-south-1'] } } },
      new Date(),
    );
    const regions = (await client(MGMT).send(new ListRegionsCommand({ AccountId: MEMBER }))).Regions!;
    expect(regions.find((r) => r.RegionName === 'af-south-1')!.RegionOptStatus).toBe('ENABLED');
    expect(regions.find((r) => r.RegionName === 'me-south-1')!.RegionOptStatus).toBe('DISABLED');
    expect(regions.find((r) => r.RegionName === 'us-east-1')!.RegionOptStatus).toBe('ENABLED_BY_DEFAULT');
    const enabled = (
      await client(MEMBER).send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED'] }))
    ).Regions!.map((r) => r.RegionName);
    expect(enabled).toEqual(['af-south-1']);
    expect(
      (await client(MEMBER).send(new GetRegionOptStatusCommand({ RegionName: 'me-south-1' })))
        .RegionOptStatus,
    ).toBe('DISABLED');
  });

  it('seeds contacts', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MEMBER]: {
            alternateContacts: { SECURITY: { name: 'S', title: 'T', email: 's@example.com', phone: '1' } },
          },
        },
      },
      new Date(),
    );
    const read = await client(MGMT).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }),
    );
    expect(read.AlternateContact).toMatchObject({ Name: 'S', EmailAddress: 's@example.com' });
  });
});
