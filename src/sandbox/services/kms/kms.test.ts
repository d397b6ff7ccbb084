/** KMS through the SDK: keys, key policies, aliases, deletion, other accounts, seeding. */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument, WorldDocumentError } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const OWNER = '222222222222';
const MEMBER = '333333333333';
const OUTSIDER = '444444444444';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A key policy that lets every principal of organization `orgId` describe the key. */
const orgPolicy = (orgId: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Owner',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Organization',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:DescribeKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
      },
    ],
  });

describe.each<TargetName>(['sandbox', 'sandbox-http'])('KMS over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new KMSClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('creates a key with the default key policy and finds it by id, ARN, alias and alias ARN', async () => {
    const kms = client(OWNER);
    const created = (await kms.send(new CreateKeyCommand({ Description: 'logs' }))).KeyMetadata!;
    expect(created.KeyId).toMatch(UUID);
    const arn = `arn:aws:kms:us-east-1:${OWNER}:key/${created.KeyId}`;
    expect(created).toMatchObject({
      AWSAccountId: OWNER,
      Arn: arn,
      Description: 'logs',
      Enabled: true,
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyManager: 'CUSTOMER',
      Origin: 'AWS_KMS',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(created.CreationDate).toBeInstanceOf(Date);

    const policy = await kms.send(new GetKeyPolicyCommand({ KeyId: created.KeyId }));
    expect(policy.PolicyName).toBe('default');
    expect(JSON.parse(policy.Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });

    await kms.send(new CreateAliasCommand({ AliasName: 'alias/logs', TargetKeyId: arn }));
    for (const keyId of [created.KeyId!, arn, 'alias/logs', `arn:aws:kms:us-east-1:${OWNER}:alias/logs`]) {
      expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Arn).toBe(arn);
    }
    // GetKeyPolicy, PutKeyPolicy, ScheduleKeyDeletion and CreateAlias take no alias
    expect((await failure(kms.send(new GetKeyPolicyCommand({ KeyId: 'alias/logs' })))).name).toBe(
      'NotFoundException',
    );
    expect(
      (
        await failure(
          kms.send(new CreateAliasCommand({ AliasName: 'alias/again', TargetKeyId: 'alias/logs' })),
        )
      ).name,
    ).toBe('NotFoundException');

    const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases!;
    expect(aliases).toEqual([
      expect.objectContaining({
        AliasName: 'alias/logs',
        AliasArn: `arn:aws:kms:us-east-1:${OWNER}:alias/logs`,
        TargetKeyId: created.KeyId,
      }),
    ]);
    expect((await kms.send(new ListAliasesCommand({ KeyId: arn }))).Aliases).toHaveLength(1);
  });

  it('refuses what AWS refuses', async () => {
    const kms = client(OWNER);
    const { KeyId } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const expectError = async (call: Promise<unknown>, code: string) =>
      expect((await failure(call)).name).toBe(code);

    await expectError(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })), 'NotFoundException');
    await expectError(
      kms.send(new DescribeKeyCommand({ KeyId: '0d6c1f3e-8f5a-4b2c-9d7e-1a2b3c4d5e6f' })),
      'NotFoundException',
    );
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })), 'NotFoundException');
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:nope' })), 'InvalidArnException');
    // a key lives in its region
    await expectError(
      client(OWNER, 'eu-west-1').send(new DescribeKeyCommand({ KeyId })),
      'NotFoundException',
    );

    await expectError(
      kms.send(new PutKeyPolicyCommand({ KeyId, PolicyName: 'default', Policy: '{not json' })),
      'MalformedPolicyDocumentException',
    );
    await expectError(
      kms.send(new PutKeyPolicyCommand({ KeyId, Policy: JSON.stringify({ Version: '2012-10-17' }) })),
      'MalformedPolicyDocumentException',
    );
    await expectError(
      kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Statement: [{ Effect: 'Maybe' }] }) })),
      'MalformedPolicyDocumentException',
    );
    await expectError(kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'other' })), 'NotFoundException');
    await expectError(
      kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' })),
      'ValidationException',
    );

    await kms.send(new CreateAliasCommand({ AliasName: 'alias/a', TargetKeyId: KeyId }));
    await expectError(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/a', TargetKeyId: KeyId })),
      'AlreadyExistsException',
    );
    await expectError(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: KeyId })),
      'InvalidAliasNameException',
    );
    await expectError(
      kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: KeyId })),
      'InvalidAliasNameException',
    );

    await expectError(kms.send(new ListKeysCommand({ Limit: 0 })), 'ValidationException');
    await expectError(kms.send(new ListKeysCommand({ Limit: 1001 })), 'ValidationException');
    await expectError(kms.send(new ListKeysCommand({ Marker: 'bogus' })), 'InvalidMarkerException');
  });

  it('pages ListKeys with Limit and Marker (default 100)', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OWNER]: { regions: { 'us-east-1': { kmsKeys: Array.from({ length: 103 }, () => ({})) } } },
        },
      },
      new Date(),
    );
    const kms = client(OWNER);
    const first = await kms.send(new ListKeysCommand({}));
    expect(first.Keys).toHaveLength(100);
    expect(first.Truncated).toBe(true);
    const rest = await kms.send(new ListKeysCommand({ Marker: first.NextMarker }));
    expect(rest.Keys).toHaveLength(3);
    expect(rest.Truncated).toBe(false);
    expect(rest.NextMarker).toBeUndefined();

    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListKeysCommand({ Limit: 40, ...(marker ? { Marker: marker } : {}) }));
      expect(page.Keys!.length).toBeLessThanOrEqual(40);
      seen.push(...page.Keys!.map((k) => k.KeyArn!));
      marker = page.NextMarker;
    } while (marker);
    expect(new Set(seen).size).toBe(103);
  });

  it('puts a key policy and schedules the key for deletion (7–30 days)', async () => {
    const kms = client(OWNER);
    const { KeyId, Arn } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const policy = orgPolicy('o-example');
    await kms.send(new PutKeyPolicyCommand({ KeyId: Arn, Policy: policy }));
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: Arn }))).Policy).toBe(policy);

    for (const PendingWindowInDays of [6, 31])
      expect(
        (await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays })))).name,
      ).toBe('ValidationException');
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const days = (scheduled.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    const metadata = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    expect(metadata).toMatchObject({
      KeyState: 'PendingDeletion',
      Enabled: false,
      PendingDeletionWindowInDays: 7,
    });
    expect(metadata.DeletionDate).toEqual(scheduled.DeletionDate);
    expect((await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId })))).name).toBe(
      'KMSInvalidStateException',
    );
    expect(
      (await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/late', TargetKeyId: KeyId })))).name,
    ).toBe('KMSInvalidStateException');
    // a key pending deletion is still listed and its policy still readable
    expect((await kms.send(new ListKeysCommand({}))).Keys).toEqual([{ KeyId, KeyArn: Arn }]);
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId }))).Policy).toBe(policy);

    // once the waiting period is over, the key is gone
    target.sandbox!.advanceClock(8 * 86_400_000);
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId })))).name).toBe('NotFoundException');
    expect((await kms.send(new ListKeysCommand({}))).Keys).toEqual([]);
  });

  it('lets another account describe a key only where the key policy allows it (aws:PrincipalOrgID)', async () => {
    const org = makeOrganization(target.sandbox!.world, { managementAccountId: OWNER, memberIds: [MEMBER] });
    const owner = client(OWNER);
    const shared = (await owner.send(new CreateKeyCommand({ Policy: orgPolicy(org.id) }))).KeyMetadata!;
    const private_ = (await owner.send(new CreateKeyCommand({}))).KeyMetadata!;
    await owner.send(new CreateAliasCommand({ AliasName: 'alias/shared', TargetKeyId: shared.KeyId }));

    const member = client(MEMBER);
    expect((await member.send(new DescribeKeyCommand({ KeyId: shared.Arn }))).KeyMetadata!.KeyId).toBe(
      shared.KeyId,
    );
    expect(
      (await member.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${OWNER}:alias/shared` })))
        .KeyMetadata!.KeyId,
    ).toBe(shared.KeyId);
    // the default key policy trusts the owning account only
    expect((await failure(member.send(new DescribeKeyCommand({ KeyId: private_.Arn })))).name).toBe(
      'AccessDeniedException',
    );
    // outside the organization
    expect((await failure(client(OUTSIDER).send(new DescribeKeyCommand({ KeyId: shared.Arn })))).name).toBe(
      'AccessDeniedException',
    );
    // the key policy of another account's key cannot be read, whatever the key policy says
    expect((await failure(member.send(new GetKeyPolicyCommand({ KeyId: shared.Arn })))).name).toBe(
      'AccessDeniedException',
    );
    // a bare key id names a key in the caller's own account
    expect((await failure(member.send(new DescribeKeyCommand({ KeyId: shared.KeyId })))).name).toBe(
      'NotFoundException',
    );
  });

  it('seeds keys with ids, aliases and policies per region', async () => {
    const id = '0d6c1f3e-8f5a-4b2c-9d7e-1a2b3c4d5e6f';
    const policy = JSON.parse(orgPolicy('o-a1b2c3d4e5')) as Record<string, unknown>;
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OWNER]: {
            regions: {
              'us-east-1': { kmsKeys: [{ id, alias: 'org-logs', policy }, { alias: 'alias/plain' }] },
              'eu-west-1': { kmsKeys: [{ description: 'elsewhere' }] },
            },
          },
        },
      },
      new Date(),
    );
    const kms = client(OWNER);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/org-logs' }))).KeyMetadata!.KeyId).toBe(id);
    expect(JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy!)).toEqual(policy);
    const plain = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/plain' }))).KeyMetadata!;
    expect(
      JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: plain.KeyId }))).Policy!).Statement[0]
        .Principal,
    ).toEqual({ AWS: `arn:aws:iam::${OWNER}:root` });
    expect((await kms.send(new ListKeysCommand({}))).Keys).toHaveLength(2);
    expect((await kms.send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName)).toEqual([
      'alias/org-logs',
      'alias/plain',
    ]);
    const eu = (await client(OWNER, 'eu-west-1').send(new ListKeysCommand({}))).Keys!;
    expect(eu).toHaveLength(1);
    expect(eu[0]!.KeyArn).toMatch(/^arn:aws:kms:eu-west-1:222222222222:key\//);

    // a bad policy or alias refuses the whole document
    for (const bad of [{ policy: '{nope' }, { policy: { Statement: [] } }, { alias: 'alias/aws/s3' }]) {
      expect(() =>
        applyWorldDocument(
          target.sandbox!.world,
          { accounts: { [OWNER]: { regions: { 'us-east-1': { kmsKeys: [bad] } } } } },
          new Date(),
        ),
      ).toThrow(WorldDocumentError);
    }
  });
});
