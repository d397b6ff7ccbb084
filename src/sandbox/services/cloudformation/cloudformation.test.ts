/** CloudFormation StackSets through the real AWS SDK client, in process and over HTTP (model-checked). */
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeOrganizationsAccessCommand,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  ListStackSetsCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

const MANAGEMENT = '123456789012';
const TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

describe.each<TargetName>(['sandbox', 'sandbox-http'])('CloudFormation StackSets over %s', (name) => {
  let target: Target;
  const config = () => ({
    ...target.config({ accessKeyId: MANAGEMENT, region: 'us-east-1' }),
    maxAttempts: 1,
  });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('creates self-managed and service-managed stack sets, deploys to an OU, lists and describes them', async () => {
    const cfn = new CloudFormationClient(config());
    const orgs = new OrganizationsClient(config());
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    expect((await cfn.send(new DescribeOrganizationsAccessCommand({}))).Status).toBe('DISABLED');
    await cfn.send(new CreateStackSetCommand({ StackSetName: 'self', TemplateBody: TEMPLATE }));
    expect(
      (await failure(cfn.send(new CreateStackSetCommand({ StackSetName: 'self', TemplateBody: TEMPLATE }))))
        .name,
    ).toBe('NameAlreadyExistsException');
    expect(
      (
        await failure(
          cfn.send(
            new CreateStackSetCommand({
              StackSetName: 'org',
              TemplateBody: TEMPLATE,
              PermissionModel: 'SERVICE_MANAGED',
            }),
          ),
        )
      ).name,
    ).toBe('ValidationError');
    await orgs.send(
      new EnableAWSServiceAccessCommand({
        ServicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com',
      }),
    );
    expect((await cfn.send(new DescribeOrganizationsAccessCommand({}))).Status).toBe('ENABLED');
    await cfn.send(
      new CreateStackSetCommand({
        StackSetName: 'org',
        TemplateBody: TEMPLATE,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      }),
    );
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })))
      .OrganizationalUnit!.Id!;
    await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: 'org',
        DeploymentTargets: { OrganizationalUnitIds: [ou] },
        Regions: ['us-east-1', 'eu-west-1'],
      }),
    );
    const sets = await cfn.send(new ListStackSetsCommand({ Status: 'ACTIVE' }));
    expect(sets.Summaries?.map((s) => `${s.StackSetName}:${s.PermissionModel}`)).toEqual([
      'org:SERVICE_MANAGED',
      'self:SELF_MANAGED',
    ]);
    const org = (await cfn.send(new DescribeStackSetCommand({ StackSetName: 'org' }))).StackSet!;
    expect(org).toMatchObject({ AutoDeployment: { Enabled: true }, OrganizationalUnitIds: [ou] });
    expect((await failure(cfn.send(new DescribeStackSetCommand({ StackSetName: 'ghost' })))).name).toBe(
      'StackSetNotFoundException',
    );
    await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: 'self',
        Accounts: [MANAGEMENT],
        Regions: ['us-east-1'],
      }),
    );
    expect((await cfn.send(new ListStackInstancesCommand({ StackSetName: 'self' }))).Summaries).toMatchObject(
      [
        {
          Account: MANAGEMENT,
          Region: 'us-east-1',
          Status: 'CURRENT',
          StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
        },
      ],
    );
  });

  it('seeds stack sets with their instances', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MANAGEMENT]: {
            regions: {
              'us-east-1': {
                stackSets: [
                  {
                    name: 'baseline',
                    instances: [
                      { account: '222222222222', region: 'us-east-1' },
                      {
                        account: '333333333333',
                        region: 'us-east-1',
                        status: 'OUTDATED',
                        detailedStatus: 'FAILED',
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
      new Date(),
    );
    const cfn = new CloudFormationClient(config());
    const instances = (
      await cfn.send(
        new ListStackInstancesCommand({ StackSetName: 'baseline', StackInstanceAccount: '333333333333' }),
      )
    ).Summaries;
    expect(instances).toMatchObject([
      { Status: 'OUTDATED', StackInstanceStatus: { DetailedStatus: 'FAILED' } },
    ]);
  });
});
