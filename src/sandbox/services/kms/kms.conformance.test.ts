/** The same KMS scenario on the sandbox and on moto_server (differences: SPEC.md). */
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('KMS conformance on %s', (name) => {
  let target: Target;
  const client = () => new KMSClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  // moto still requires PolicyName on GetKeyPolicy (AWS made it optional), so the scenario names it
  it('creates a key, reads and replaces its policy, aliases it, lists and schedules its deletion', async () => {
    const kms = client();
    const key = (await kms.send(new CreateKeyCommand({ Description: 'conf' }))).KeyMetadata!;
    expect(key.Arn).toBe(`arn:aws:kms:us-east-1:123456789012:key/${key.KeyId}`);
    expect(key).toMatchObject({ KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    // AWS answers the default key usage; moto leaves it out when the request does not name it
    if (name !== 'moto') expect(key.KeyUsage).toBe('ENCRYPT_DECRYPT');

    const initial = JSON.parse(
      (await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy!,
    );
    expect(initial.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'kms:*',
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:DescribeKey',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    });
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: policy }));
    expect(
      JSON.parse(
        (await kms.send(new GetKeyPolicyCommand({ KeyId: key.Arn, PolicyName: 'default' }))).Policy!,
      ),
    ).toEqual(JSON.parse(policy));

    await kms.send(new CreateAliasCommand({ AliasName: 'alias/conf', TargetKeyId: key.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/conf' }))).KeyMetadata!.KeyId).toBe(
      key.KeyId,
    );
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases!;
    expect(aliases.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([['alias/conf', key.KeyId]]);
    const keys = (await kms.send(new ListKeysCommand({}))).Keys!;
    expect(keys).toContainEqual({ KeyId: key.KeyId, KeyArn: key.Arn });

    const scheduled = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }),
    );
    expect(scheduled.DeletionDate).toBeInstanceOf(Date);
    // moto answers KeyId and DeletionDate only
    if (name !== 'moto')
      expect(scheduled).toMatchObject({ KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe(
      'PendingDeletion',
    );
    expect(
      (await failure(kms.send(new DescribeKeyCommand({ KeyId: '0d6c1f3e-8f5a-4b2c-9d7e-1a2b3c4d5e6f' }))))
        .name,
    ).toBe('NotFoundException');
  });
});
