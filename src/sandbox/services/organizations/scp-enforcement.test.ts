/**
 * Service control policies enforced on every call of a member account (scp-enforcement.ts), through the
 * real AWS SDK clients, in process and over HTTP.
 */
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAccountSummaryCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { failure, seedWorld } from '../iam/testing.js';
import { iamOf } from '../iam/state.js';

const MANAGEMENT = '111111111111';
/** In the `Sandbox` OU. */
const SANDBOXED = '222222222222';
/** In the root. */
const OTHER = '333333333333';

const document = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const REGION_DENY = document({
  Sid: 'DenyOutsideEurope',
  Effect: 'Deny',
  NotAction: ['iam:*', 'sts:*', 'organizations:*'],
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
});

describe.each<TargetName>(['sandbox', 'sandbox-http'])('SCP enforcement over %s', (name) => {
  let target: Target;
  type Creds = { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string };
  const config = (who: string | Creds, region = 'us-east-1') => ({
    ...target.config(
      typeof who === 'string'
        ? { accessKeyId: who, region }
        : {
            accessKeyId: who.AccessKeyId!,
            secretAccessKey: who.SecretAccessKey!,
            sessionToken: who.SessionToken,
            region,
          },
    ),
    maxAttempts: 1,
  });
  const orgs = () => new OrganizationsClient(config(MANAGEMENT));
  const ec2 = (who: string | Creds, region = 'us-east-1') => new EC2Client(config(who, region));
  const adminArn = (account: string) => `arn:aws:iam::${account}:user/sandbox-admin`;

  let rootId: string;
  let sandboxOu: string;

  async function scp(policyName: string, content: string, targetId: string): Promise<string> {
    const { Policy } = await orgs().send(
      new CreatePolicyCommand({
        Name: policyName,
        Description: policyName,
        Type: 'SERVICE_CONTROL_POLICY',
        Content: content,
      }),
    );
    const id = Policy!.PolicySummary!.Id!;
    await orgs().send(new AttachPolicyCommand({ PolicyId: id, TargetId: targetId }));
    return id;
  }

  beforeAll(async () => {
    target = await startTarget(name);
  });
  beforeEach(async () => {
    await target.reset();
    await seedWorld(target, {
      accounts: {
        [MANAGEMENT]: {
          organization: {
            featureSet: 'ALL',
            ous: ['Sandbox'],
            members: { [SANDBOXED]: { ou: 'Sandbox' }, [OTHER]: {} },
          },
        },
      },
    });
    rootId = (await orgs().send(new ListRootsCommand({}))).Roots![0]!.Id!;
    sandboxOu = (await orgs().send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId })))
      .OrganizationalUnits![0]!.Id!;
  });
  afterAll(() => target.close());

  it('a region-deny SCP on an OU refuses its accounts outside the allowed region, with AWS message', async () => {
    await scp('region-deny', REGION_DENY, sandboxOu);
    const error = await failure(ec2(SANDBOXED).send(new DescribeVpcsCommand({})));
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(error.message).toBe(
      `User: ${adminArn(SANDBOXED)} is not authorized to perform: ec2:DescribeVpcs ` +
        'with an explicit deny in a service control policy',
    );
    // The allowed region, and the actions the statement leaves out, still work.
    await ec2(SANDBOXED, 'eu-west-1').send(new DescribeVpcsCommand({}));
    await new IAMClient(config(SANDBOXED)).send(new ListUsersCommand({}));
    // An account outside the OU is not held to it.
    await ec2(OTHER).send(new DescribeVpcsCommand({}));
  });

  it('leaves the management account alone, even with the SCP on the root', async () => {
    await scp('region-deny', REGION_DENY, rootId);
    await ec2(MANAGEMENT).send(new DescribeVpcsCommand({}));
    expect((await failure(ec2(OTHER).send(new DescribeVpcsCommand({})))).name).toBe('AccessDenied');
  });

  it('holds role sessions in the member account too (OrganizationAccountAccessRole)', async () => {
    await scp('region-deny', REGION_DENY, sandboxOu);
    const { Credentials } = await new STSClient(config(MANAGEMENT)).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${SANDBOXED}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'ops',
      }),
    );
    const error = await failure(ec2(Credentials!).send(new DescribeVpcsCommand({})));
    expect(error.message).toBe(
      `User: arn:aws:sts::${SANDBOXED}:assumed-role/OrganizationAccountAccessRole/ops is not authorized ` +
        'to perform: ec2:DescribeVpcs with an explicit deny in a service control policy',
    );
  });

  it('denies one action of a JSON service (kms:ScheduleKeyDeletion) as AccessDeniedException', async () => {
    await scp(
      'keep-keys',
      document({ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }),
      SANDBOXED,
    );
    const kms = new KMSClient(config(SANDBOXED));
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const error = await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId! })));
    expect(error).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(error.message).toContain(
      'kms:ScheduleKeyDeletion with an explicit deny in a service control policy',
    );
  });

  it('refuses what no SCP at a level allows (implicit deny), naming the action', async () => {
    await scp(
      'ec2-only',
      document({ Effect: 'Allow', Action: ['ec2:*', 'sts:*'], Resource: '*' }),
      sandboxOu,
    );
    await orgs().send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: sandboxOu }));
    await ec2(SANDBOXED).send(new DescribeVpcsCommand({}));
    const error = await failure(new IAMClient(config(SANDBOXED)).send(new ListUsersCommand({})));
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(error.message).toBe(
      `User: ${adminArn(SANDBOXED)} is not authorized to perform: iam:ListUsers ` +
        'because no service control policy allows the iam:ListUsers action',
    );
  });

  it('exempts sts:GetCallerIdentity, service-linked roles, and statements narrowed to resources', async () => {
    await scp('deny-all', document({ Effect: 'Deny', Action: '*', Resource: '*' }), SANDBOXED);
    const identity = await new STSClient(config(SANDBOXED)).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(SANDBOXED);
    expect((await failure(ec2(SANDBOXED, 'eu-west-1').send(new DescribeVpcsCommand({})))).name).toBe(
      'AccessDenied',
    );

    // A session of a service-linked role (path /aws-service-role/), made directly in the world.
    const world = target.sandbox!.world;
    iamOf(world.accounts[SANDBOXED]!).roles.AWSServiceRoleForConfig = {
      roleName: 'AWSServiceRoleForConfig',
      roleId: 'AROASERVICELINKED0001',
      path: '/aws-service-role/config.amazonaws.com/',
      createDate: new Date().toISOString(),
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: document({
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      tags: [],
      attachedPolicies: [],
      inlinePolicies: {},
      protected: true,
    };
    world.credentials.ASIASERVICELINKED001 = {
      kind: 'role',
      accountId: SANDBOXED,
      roleName: 'AWSServiceRoleForConfig',
      roleId: 'AROASERVICELINKED0001',
      sessionName: 'config',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: '2999-01-01T00:00:00.000Z',
      sourceAccountId: SANDBOXED,
    };
    await ec2({ AccessKeyId: 'ASIASERVICELINKED001', SecretAccessKey: 'secret', SessionToken: 'token' }).send(
      new DescribeVpcsCommand({}),
    );

    // A Deny whose Resource is narrower than `*` cannot be decided without the call's resource: it passes.
    await orgs().send(new DetachPolicyCommand({ PolicyId: scpId('deny-all')!, TargetId: SANDBOXED }));
    await scp(
      'no-instances',
      document({ Effect: 'Deny', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*' }),
      SANDBOXED,
    );
    await ec2(SANDBOXED).send(new DescribeVpcsCommand({}));
  });

  it('knows aws:AssumedRoot: a root deny with the AssumeRoot exemption spares root sessions only', async () => {
    await scp(
      'deny-root',
      document({
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
          BoolIfExists: { 'aws:AssumedRoot': 'false' },
        },
      }),
      sandboxOu,
    );
    await seedWorld(target, { accounts: { [SANDBOXED]: { rootCredentials: { accessKeys: 1 } } } });
    const rootKey = iamOf(target.sandbox!.world.accounts[SANDBOXED]!).root.accessKeys[0]!;
    const asRoot = new IAMClient(
      config({ AccessKeyId: rootKey.accessKeyId, SecretAccessKey: rootKey.secretAccessKey }),
    );
    expect((await failure(asRoot.send(new GetAccountSummaryCommand({})))).message).toBe(
      `User: arn:aws:iam::${SANDBOXED}:root is not authorized to perform: iam:GetAccountSummary ` +
        'with an explicit deny in a service control policy',
    );
    // A root session (sts:AssumeRoot), made directly in the world: aws:AssumedRoot is true.
    target.sandbox!.world.credentials.ASIAROOTSESSION00001 = {
      kind: 'root-session',
      accountId: SANDBOXED,
      taskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: '2999-01-01T00:00:00.000Z',
      sourceAccountId: MANAGEMENT,
    };
    const session = new IAMClient(
      config({ AccessKeyId: 'ASIAROOTSESSION00001', SecretAccessKey: 'secret', SessionToken: 'token' }),
    );
    await session.send(new GetAccountSummaryCommand({}));
    // The administrator is not the root user: the statement does not apply to it.
    await new IAMClient(config(SANDBOXED)).send(new GetAccountSummaryCommand({}));
  });

  function scpId(policyName: string): string | undefined {
    const org = Object.values(target.sandbox!.world.organizations)[0]!;
    return Object.values(org.policies).find((p) => p.name === policyName)?.id;
  }
});
