/**
 * The same self-managed StackSets scenario on the sandbox and on moto_server (differences: SPEC.md).
 *
 * Where moto differs, the assertion runs on the sandbox only:
 * - moto lets a second stack set take a name in use (AWS answers NameAlreadyExistsException);
 * - moto ignores MaxResults (no pages), the Status filter of ListStackSets and the StackInstanceRegion
 *   filter of ListStackInstances;
 * - moto finishes operations at once (the sandbox, like AWS, answers RUNNING first) and lists them oldest
 *   first (the sandbox newest first);
 * - moto answers an unknown OperationId with ValidationError (AWS: OperationNotFoundException);
 * - moto deploys real stacks from the template, so the scenario's template must be one moto can create.
 */
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  ListStackSetsCommand,
  type StackSetOperation,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

const ACCOUNT = '123456789012';
const TEMPLATE = JSON.stringify({
  Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});

describe.each<TargetName>(conformanceTargets)('CloudFormation StackSets conformance on %s', (name) => {
  let target: Target;
  const isMoto = name === 'moto';
  const client = () => new CloudFormationClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  }, 60_000);
  afterAll(() => target.close());

  /** Reads an operation until it is no longer RUNNING (the sandbox needs one read, moto none). */
  async function finished(cfn: CloudFormationClient, id: string): Promise<StackSetOperation> {
    for (let i = 0; i < 5; i++) {
      const op = (
        await cfn.send(new DescribeStackSetOperationCommand({ StackSetName: 'conf', OperationId: id }))
      ).StackSetOperation!;
      if (op.Status !== 'RUNNING' && op.Status !== 'QUEUED') return op;
    }
    throw new Error(`operation ${id} did not finish`);
  }

  it('creates a self-managed stack set, deploys and removes instances, and deletes it', async () => {
    const cfn = client();
    const { StackSetId } = await cfn.send(
      new CreateStackSetCommand({ StackSetName: 'conf', TemplateBody: TEMPLATE, Description: 'conformance' }),
    );
    expect(StackSetId).toMatch(/^conf:[-0-9a-f]{36}$/);
    const set = (await cfn.send(new DescribeStackSetCommand({ StackSetName: 'conf' }))).StackSet!;
    expect(set).toMatchObject({
      StackSetName: 'conf',
      StackSetId,
      Description: 'conformance',
      Status: 'ACTIVE',
      TemplateBody: TEMPLATE,
      PermissionModel: 'SELF_MANAGED',
      StackSetARN: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stackset/${StackSetId}`,
      AdministrationRoleARN: `arn:aws:iam::${ACCOUNT}:role/AWSCloudFormationStackSetAdministrationRole`,
      ExecutionRoleName: 'AWSCloudFormationStackSetExecutionRole',
      ManagedExecution: { Active: false },
    });
    expect(set.AutoDeployment).toBeUndefined();
    expect(await failure(cfn.send(new DescribeStackSetCommand({ StackSetName: 'ghost' })))).toMatchObject({
      name: 'StackSetNotFoundException',
      message: 'StackSet ghost not found',
      status: 404,
    });
    expect(
      (
        await failure(
          cfn.send(new CreateStackSetCommand({ StackSetName: 'bad_name', TemplateBody: TEMPLATE })),
        )
      ).name,
    ).toBe('ValidationError');
    expect((await cfn.send(new ListStackSetsCommand({ Status: 'ACTIVE' }))).Summaries).toMatchObject([
      { StackSetName: 'conf', StackSetId, Status: 'ACTIVE', PermissionModel: 'SELF_MANAGED' },
    ]);

    const { OperationId: create } = await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: 'conf',
        Accounts: [ACCOUNT],
        Regions: ['us-east-1', 'eu-west-1'],
      }),
    );
    expect(await finished(cfn, create!)).toMatchObject({
      OperationId: create,
      StackSetId,
      Action: 'CREATE',
      Status: 'SUCCEEDED',
    });
    const instances = (await cfn.send(new ListStackInstancesCommand({ StackSetName: 'conf' }))).Summaries!;
    expect(instances.map((i) => i.Region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const instance of instances)
      expect(instance).toMatchObject({
        StackSetId,
        Account: ACCOUNT,
        Status: 'CURRENT',
        StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
      });
    expect(await failure(cfn.send(new DeleteStackSetCommand({ StackSetName: 'conf' })))).toMatchObject({
      name: 'StackSetNotEmptyException',
      status: 409,
    });
    expect(
      (
        await failure(
          cfn.send(
            new CreateStackInstancesCommand({
              StackSetName: 'conf',
              DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-12345678'] },
              Regions: ['us-east-1'],
            }),
          ),
        )
      ).message,
    ).toBe('StackSets with SELF_MANAGED permission model can only have accounts as target');
    expect(
      (
        await failure(
          cfn.send(
            new CreateStackInstancesCommand({
              StackSetName: 'ghost',
              Accounts: [ACCOUNT],
              Regions: ['us-east-1'],
            }),
          ),
        )
      ).name,
    ).toBe('StackSetNotFoundException');

    if (!isMoto) {
      // moto ignores the StackInstanceRegion filter
      expect(
        (
          await cfn.send(
            new ListStackInstancesCommand({ StackSetName: 'conf', StackInstanceRegion: 'eu-west-1' }),
          )
        ).Summaries,
      ).toMatchObject([{ Account: ACCOUNT, Region: 'eu-west-1' }]);
      // moto accepts a second stack set under the same name; AWS refuses it
      expect(
        (await failure(cfn.send(new CreateStackSetCommand({ StackSetName: 'conf', TemplateBody: TEMPLATE }))))
          .name,
      ).toBe('NameAlreadyExistsException');
      // moto has no pages
      await cfn.send(new CreateStackSetCommand({ StackSetName: 'second', TemplateBody: TEMPLATE }));
      const page = await cfn.send(new ListStackSetsCommand({ MaxResults: 1 }));
      expect(page.Summaries).toHaveLength(1);
      expect(page.NextToken).toBeTruthy();
      await cfn.send(new DeleteStackSetCommand({ StackSetName: 'second' }));
      // moto answers ValidationError for an unknown operation
      expect(
        (
          await failure(
            cfn.send(new DescribeStackSetOperationCommand({ StackSetName: 'conf', OperationId: 'unknown' })),
          )
        ).name,
      ).toBe('OperationNotFoundException');
    }

    const { OperationId: remove } = await cfn.send(
      new DeleteStackInstancesCommand({
        StackSetName: 'conf',
        Accounts: [ACCOUNT],
        Regions: ['us-east-1', 'eu-west-1'],
        RetainStacks: false,
      }),
    );
    expect(await finished(cfn, remove!)).toMatchObject({ Action: 'DELETE', Status: 'SUCCEEDED' });
    expect((await cfn.send(new ListStackInstancesCommand({ StackSetName: 'conf' }))).Summaries).toEqual([]);
    // moto lists operations oldest first, the sandbox newest first
    const operations = (await cfn.send(new ListStackSetOperationsCommand({ StackSetName: 'conf' })))
      .Summaries!;
    expect(operations.map((o) => `${o.OperationId}:${o.Action}:${o.Status}`).sort()).toEqual(
      [`${create}:CREATE:SUCCEEDED`, `${remove}:DELETE:SUCCEEDED`].sort(),
    );

    await cfn.send(new DeleteStackSetCommand({ StackSetName: 'conf' }));
    const all = (await cfn.send(new ListStackSetsCommand({}))).Summaries!;
    expect(all.find((s) => s.StackSetId === StackSetId)).toMatchObject({
      StackSetName: 'conf',
      Status: 'DELETED',
    });
    // moto's Status filter is ignored: it still lists the deleted stack set
    const active = (await cfn.send(new ListStackSetsCommand({ Status: 'ACTIVE' }))).Summaries!;
    if (!isMoto) expect(active.filter((s) => s.StackSetName === 'conf')).toEqual([]);
  });
});
