/**
 * sts:AssumeRole decided by the policy evaluator (src/access): the trust policy with its conditions, the
 * caller's identity policies across accounts, the caller account's SCPs. Real AWS SDK clients against the
 * sandbox, in process and over HTTP.
 */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreatePolicyCommand as CreateScpCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { failure, seedWorld } from '../iam/testing.js';

/** The hub (the organization's management account), a member holding role/Dev, and an outsider. */
const HUB = '111111111111';
const DEV = '222222222222';
const OUTSIDER = '999999999999';
const DEV_ROLE = `arn:aws:iam::${DEV}:role/Dev`;

const document = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trusting = (principal: unknown, condition?: object) =>
  document({
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: 'sts:AssumeRole',
    ...(condition ? { Condition: condition } : {}),
  });
const MAY_ASSUME_DEV = document({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEV_ROLE });

describe.each<TargetName>(['sandbox', 'sandbox-http'])('AssumeRole policy evaluation over %s', (name) => {
  let target: Target;
  type Creds = { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string };
  const config = (who: string | Creds) => ({
    ...target.config(
      typeof who === 'string'
        ? { accessKeyId: who }
        : {
            accessKeyId: who.AccessKeyId!,
            secretAccessKey: who.SecretAccessKey!,
            sessionToken: who.SessionToken,
          },
    ),
    maxAttempts: 1,
  });
  const iam = (who: string | Creds) => new IAMClient(config(who));
  const sts = (who: string | Creds) => new STSClient(config(who));

  /** An IAM user of the hub with an access key, and optionally an inline policy. */
  async function hubUser(userName: string, policy?: string): Promise<Creds> {
    await iam(HUB).send(new CreateUserCommand({ UserName: userName }));
    if (policy)
      await iam(HUB).send(
        new PutUserPolicyCommand({ UserName: userName, PolicyName: 'assume', PolicyDocument: policy }),
      );
    return (await iam(HUB).send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  }

  const devRole = (trust: string) =>
    iam(DEV).send(new CreateRoleCommand({ RoleName: 'Dev', AssumeRolePolicyDocument: trust }));
  const assume = (who: string | Creds, extra: { ExternalId?: string } = {}) =>
    sts(who).send(new AssumeRoleCommand({ RoleArn: DEV_ROLE, RoleSessionName: 'jump', ...extra }));
  const denied = async (attempt: Promise<unknown>) => {
    const error = await failure(attempt);
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(error.message).toContain(`is not authorized to perform: sts:AssumeRole on resource: ${DEV_ROLE}`);
    return error;
  };

  beforeAll(async () => {
    target = await startTarget(name);
  });
  beforeEach(async () => {
    await target.reset();
    await seedWorld(target, {
      accounts: {
        [HUB]: {
          organization: {
            featureSet: 'ALL',
            ous: ['Workloads'],
            members: { [DEV]: { ou: 'Workloads', joinedMethod: 'INVITED' } },
          },
        },
      },
    });
  });
  afterAll(() => target.close());

  it('lets a hub user whose policy allows sts:AssumeRole assume a role trusting the hub account', async () => {
    await devRole(trusting(`arn:aws:iam::${HUB}:root`));
    const alice = await hubUser('alice', MAY_ASSUME_DEV);
    const answer = await assume(alice);
    expect(answer.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${DEV}:assumed-role/Dev/jump`);
    const identity = await sts(answer.Credentials!).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: DEV, Arn: `arn:aws:sts::${DEV}:assumed-role/Dev/jump` });
  });

  it('refuses the same user without an identity policy (across accounts both sides must allow)', async () => {
    await devRole(trusting(`arn:aws:iam::${HUB}:root`));
    const bob = await hubUser('bob');
    const error = await denied(assume(bob));
    expect(error.message).toBe(
      `User: arn:aws:iam::${HUB}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${DEV_ROLE}`,
    );
  });

  it("counts the user's groups' policies and holds it to its permissions boundary", async () => {
    await devRole(trusting(`arn:aws:iam::${HUB}:root`));
    const carol = await hubUser('carol');
    await iam(HUB).send(new CreateGroupCommand({ GroupName: 'jumpers' }));
    await iam(HUB).send(
      new PutGroupPolicyCommand({
        GroupName: 'jumpers',
        PolicyName: 'assume',
        PolicyDocument: MAY_ASSUME_DEV,
      }),
    );
    await denied(assume(carol));
    await iam(HUB).send(new AddUserToGroupCommand({ GroupName: 'jumpers', UserName: 'carol' }));
    await assume(carol);
    const { Policy } = await iam(HUB).send(
      new CreatePolicyCommand({
        PolicyName: 'only-s3',
        PolicyDocument: document({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      }),
    );
    await iam(HUB).send(
      new PutUserPermissionsBoundaryCommand({ UserName: 'carol', PermissionsBoundary: Policy!.Arn! }),
    );
    await denied(assume(carol));
  });

  it('refuses a user the trust policy does not name, whatever its own policy allows', async () => {
    await devRole(trusting(`arn:aws:iam::${HUB}:user/someone-else`));
    const alice = await hubUser('alice', MAY_ASSUME_DEV);
    await denied(assume(alice));
    // The hub's administrator (every permission) is not named either.
    await denied(assume(HUB));
  });

  it('in the same account, a trust policy naming the user suffices; naming no one refuses even the administrator', async () => {
    await iam(DEV).send(new CreateUserCommand({ UserName: 'local' }));
    const { AccessKey } = await iam(DEV).send(new CreateAccessKeyCommand({ UserName: 'local' }));
    await devRole(trusting(`arn:aws:iam::${DEV}:user/local`));
    await assume(AccessKey!);
    await denied(assume(DEV));
  });

  it('evaluates aws:PrincipalOrgID: an organization member may, an outsider may not', async () => {
    const org = (await new OrganizationsClient(config(HUB)).send(new DescribeOrganizationCommand({})))
      .Organization!;
    await devRole(trusting('*', { StringEquals: { 'aws:PrincipalOrgID': org.Id } }));
    await assume(HUB);
    await denied(assume(OUTSIDER));
  });

  it('refuses long-term keys where the trust policy requires MFA', async () => {
    await devRole(trusting(`arn:aws:iam::${HUB}:root`, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }));
    const alice = await hubUser('alice', MAY_ASSUME_DEV);
    await denied(assume(alice));
  });

  it('checks sts:ExternalId', async () => {
    await devRole(
      trusting(`arn:aws:iam::${OUTSIDER}:root`, { StringEquals: { 'sts:ExternalId': 'ext-42' } }),
    );
    await denied(assume(OUTSIDER));
    await denied(assume(OUTSIDER, { ExternalId: 'ext-41' }));
    expect((await assume(OUTSIDER, { ExternalId: 'ext-42' })).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it("holds the caller to its account's SCPs", async () => {
    const orgs = new OrganizationsClient(config(HUB));
    const { Policy } = await orgs.send(
      new CreateScpCommand({
        Name: 'no-assume-hub',
        Description: 'no jumping back to the hub',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: document({
          Effect: 'Deny',
          Action: 'sts:AssumeRole',
          Resource: `arn:aws:iam::${HUB}:role/*`,
        }),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: DEV }));
    await iam(HUB).send(
      new CreateRoleCommand({
        RoleName: 'Back',
        AssumeRolePolicyDocument: trusting(`arn:aws:iam::${DEV}:root`),
      }),
    );
    const error = await failure(
      sts(DEV).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${HUB}:role/Back`, RoleSessionName: 'back' }),
      ),
    );
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    // The hub (management account) is not held to SCPs.
    await devRole(trusting(`arn:aws:iam::${HUB}:root`));
    await assume(HUB);
  });
});
