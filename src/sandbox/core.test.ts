import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../test/support/targets.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('sandbox core over %s', (name) => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());

  it('answers GetCallerIdentity as the default account administrator for unknown keys', async () => {
    const sts = new STSClient(target.config());
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('123456789012');
    expect(identity.Arn).toBe('arn:aws:iam::123456789012:user/sandbox-admin');
  });

  it('acts as the account a 12-digit access key names', async () => {
    const sts = new STSClient(target.config({ accessKeyId: '210987654321' }));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('210987654321');
  });
});
