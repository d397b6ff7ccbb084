/**
 * STS conformance: the same scripts on the sandbox and on moto_server where installed. moto does not
 * evaluate trust policies or validate session names (SPEC.md), so those assertions run on the sandbox only.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conformanceTargets, startTarget, type Target } from '../../../../test/support/targets.js';
import { failure } from '../iam/testing.js';

const ACCOUNT = '123456789012';

describe.each(conformanceTargets)('STS conformance on %s', (name) => {
  let target: Target;
  const moto = name === 'moto';
  beforeAll(async () => {
    target = await startTarget(name);
  }, 60_000);
  beforeEach(() => target.reset());
  afterAll(() => target.close());

  const client = <T>(
    make: new (config: object) => T,
    creds?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string },
  ) =>
    new make({
      ...target.config(
        creds
          ? {
              accessKeyId: creds.AccessKeyId!,
              secretAccessKey: creds.SecretAccessKey!,
              sessionToken: creds.SessionToken!,
            }
          : {},
      ),
      maxAttempts: 1,
    });

  it('assumes a role trusted by the account and acts as the session', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
      ],
    });
    const { Role } = await client(IAMClient).send(
      new CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: trust }),
    );
    const answer = await client(STSClient).send(
      new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'alice' }),
    );
    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(answer.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ops/alice`);
    expect(answer.AssumedRoleUser?.AssumedRoleId).toBe(`${Role!.RoleId}:alice`);
    const identity = await client(STSClient, answer.Credentials).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: ACCOUNT, Arn: answer.AssumedRoleUser!.Arn });
  });

  it('refuses a role whose trust policy does not name the caller', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    const { Role } = await client(IAMClient).send(
      new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: trust }),
    );
    const attempt = client(STSClient).send(
      new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'alice' }),
    );
    // moto does not evaluate trust policies: the call succeeds there.
    if (moto) await attempt;
    else expect(await failure(attempt)).toMatchObject({ name: 'AccessDenied', status: 403 });
  });
});
