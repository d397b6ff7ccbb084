/**
 * CloudFormation StackSets through the real AWS SDK client, in process and over HTTP (every answer is
 * checked against AWS's service model): self-managed and service-managed stack sets, CallAs, OU
 * expansion and automatic deployment, asynchronous operations, pagination, errors, the seeder, and the
 * read orgward's audit makes.
 */
import {
  ActivateOrganizationsAccessCommand,
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeOrganizationsAccessCommand,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  ListStackSetOperationsCommand,
  ListStackSetsCommand,
  StopStackSetOperationCommand,
  UpdateStackSetCommand,
  type StackSetOperation,
} from '@aws-sdk/client-cloudformation';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { ClientFactory } from '../../../aws/clients.js';
import { stackSets as readStackSets } from '../../../read/audit/central.js';
import { applyWorldDocument } from '../../seed.js';
import { ensureAccount } from '../../world.js';
import { STACKSETS_PRINCIPAL } from './access.js';
import { OPERATION_MS } from './lifecycle.js';

const MANAGEMENT = '123456789012';
const TEMPLATE = JSON.stringify({
  Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});
const OTHER_TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

interface Org {
  rootId: string;
  /** OU ids by path. */
  ous: { Workloads: string; 'Workloads/Prod': string; Sandbox: string };
  /** Account ids: prod (in Workloads/Prod), dev (Workloads), play (Sandbox), loose (the root). */
  accounts: { prod: string; dev: string; play: string; loose: string };
}

describe.each<TargetName>(['sandbox', 'sandbox-http'])('CloudFormation StackSets over %s', (name) => {
  let target: Target;
  const config = (accessKeyId = MANAGEMENT, region = 'us-east-1') => ({
    ...target.config({ accessKeyId, region }),
    maxAttempts: 1,
  });
  const cfn = (accessKeyId?: string, region?: string) =>
    new CloudFormationClient(config(accessKeyId, region));
  const orgs = () => new OrganizationsClient(config());

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  async function newAccount(accountName: string, parentId?: string): Promise<string> {
    const client = orgs();
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({ AccountName: accountName, Email: `${accountName}@example.com` }),
    );
    for (let i = 0; i < 5; i++) {
      const status = (
        await client.send(
          new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! }),
        )
      ).CreateAccountStatus!;
      if (status.State === 'SUCCEEDED') {
        if (parentId) {
          const rootId = (await client.send(new ListRootsCommand({}))).Roots![0]!.Id!;
          await client.send(
            new MoveAccountCommand({
              AccountId: status.AccountId!,
              SourceParentId: rootId,
              DestinationParentId: parentId,
            }),
          );
        }
        return status.AccountId!;
      }
    }
    throw new Error(`account ${accountName} was not created`);
  }

  /** Root ─ Workloads ─ Prod, root ─ Sandbox; one account in each, one in the root. */
  async function buildOrganization(): Promise<Org> {
    const client = orgs();
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await client.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ou = async (parent: string, ouName: string) =>
      (await client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: ouName })))
        .OrganizationalUnit!.Id!;
    const workloads = await ou(rootId, 'Workloads');
    const prod = await ou(workloads, 'Prod');
    const sandbox = await ou(rootId, 'Sandbox');
    return {
      rootId,
      ous: { Workloads: workloads, 'Workloads/Prod': prod, Sandbox: sandbox },
      accounts: {
        prod: await newAccount('prod', prod),
        dev: await newAccount('dev', workloads),
        play: await newAccount('play', sandbox),
        loose: await newAccount('loose'),
      },
    };
  }

  /** Reads the operation until it has finished (the sandbox settles it after one read). */
  async function finished(client: CloudFormationClient, set: string, id: string): Promise<StackSetOperation> {
    for (let i = 0; i < 5; i++) {
      const op = (
        await client.send(new DescribeStackSetOperationCommand({ StackSetName: set, OperationId: id }))
      ).StackSetOperation!;
      if (op.Status !== 'RUNNING' && op.Status !== 'QUEUED') return op;
    }
    throw new Error(`operation ${id} did not finish`);
  }

  const instancesOf = async (client: CloudFormationClient, set: string, callAs?: 'DELEGATED_ADMIN') =>
    (await client.send(new ListStackInstancesCommand({ StackSetName: set, CallAs: callAs }))).Summaries ?? [];

  const pairs = (list: Array<{ Account?: string; Region?: string }>) =>
    list.map((i) => `${i.Account}/${i.Region}`).sort();

  it('creates self-managed stack sets with AWS checks of names, templates, capabilities and parameters', async () => {
    const client = cfn();
    const { StackSetId } = await client.send(
      new CreateStackSetCommand({
        StackSetName: 'self',
        TemplateBody: TEMPLATE,
        Description: 'baseline',
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    expect(StackSetId).toMatch(/^self:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const duplicate = await failure(
      client.send(new CreateStackSetCommand({ StackSetName: 'self', TemplateBody: TEMPLATE })),
    );
    expect(duplicate).toMatchObject({ name: 'NameAlreadyExistsException', status: 409 });
    expect(duplicate.message).toBe('StackSet self already exists');

    const refused = async (input: ConstructorParameters<typeof CreateStackSetCommand>[0]) =>
      failure(client.send(new CreateStackSetCommand(input)));
    expect(await refused({ StackSetName: 'bad_name', TemplateBody: TEMPLATE })).toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('[a-zA-Z][-a-zA-Z0-9]*') as string,
    });
    expect((await refused({ StackSetName: 'none' })).message).toBe(
      'Either TemplateBody or TemplateURL must be specified',
    );
    expect((await refused({ StackSetName: 'empty', TemplateBody: '{"Outputs": {}}' })).message).toBe(
      'Template format error: At least one Resources member must be defined.',
    );
    expect((await refused({ StackSetName: 'json', TemplateBody: '{"Resources": ' })).message).toBe(
      'Template format error: JSON not well-formed.',
    );
    expect((await refused({ StackSetName: 'yaml', TemplateBody: 'Resources: [\n a: b: c' })).message).toMatch(
      /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/,
    );
    const role = JSON.stringify({
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'audit', AssumeRolePolicyDocument: {} } },
      },
    });
    const capability = await refused({
      StackSetName: 'roles',
      TemplateBody: role,
      Capabilities: ['CAPABILITY_IAM'],
    });
    expect(capability).toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    });
    await client.send(
      new CreateStackSetCommand({
        StackSetName: 'roles',
        TemplateBody: role,
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    // YAML with CloudFormation's short-form tags; a parameter without a Default needs a value
    const yaml = [
      'Parameters:',
      '  Env: { Type: String }',
      '  Size: { Type: Number, Default: 1 }',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !Sub "alerts-${Env}"',
    ].join('\n');
    expect((await refused({ StackSetName: 'params', TemplateBody: yaml })).message).toBe(
      'Parameters: [Env] must have values',
    );
    expect(
      (
        await refused({
          StackSetName: 'params',
          TemplateBody: yaml,
          Parameters: [
            { ParameterKey: 'Env', ParameterValue: 'prod' },
            { ParameterKey: 'Nope', ParameterValue: 'x' },
          ],
        })
      ).message,
    ).toBe('Parameters: [Nope] do not exist in the template');
    await client.send(
      new CreateStackSetCommand({
        StackSetName: 'params',
        TemplateBody: yaml,
        Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }],
      }),
    );
    expect(
      (
        await refused({
          StackSetName: 'auto',
          TemplateBody: TEMPLATE,
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        })
      ).message,
    ).toBe('AutoDeployment is only supported for stack sets with the SERVICE_MANAGED permission model');

    const set = (await client.send(new DescribeStackSetCommand({ StackSetName: 'self' }))).StackSet!;
    expect(set).toEqual({
      StackSetName: 'self',
      StackSetId,
      Description: 'baseline',
      Status: 'ACTIVE',
      TemplateBody: TEMPLATE,
      Parameters: [],
      Capabilities: [],
      Tags: [{ Key: 'team', Value: 'platform' }],
      StackSetARN: `arn:aws:cloudformation:us-east-1:${MANAGEMENT}:stackset/${StackSetId}`,
      AdministrationRoleARN: `arn:aws:iam::${MANAGEMENT}:role/AWSCloudFormationStackSetAdministrationRole`,
      ExecutionRoleName: 'AWSCloudFormationStackSetExecutionRole',
      StackSetDriftDetectionDetails: expect.objectContaining({ DriftStatus: 'NOT_CHECKED' }) as object,
      PermissionModel: 'SELF_MANAGED',
      ManagedExecution: { Active: false },
      Regions: [],
    });
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'params' }))).StackSet!.Parameters,
    ).toEqual([{ ParameterKey: 'Env', ParameterValue: 'prod' }]);
    const ghost = await failure(client.send(new DescribeStackSetCommand({ StackSetName: 'ghost' })));
    expect(ghost).toMatchObject({
      name: 'StackSetNotFoundException',
      message: 'StackSet ghost not found',
      status: 404,
    });
    // stack sets are per region
    expect((await cfn(MANAGEMENT, 'eu-west-1').send(new ListStackSetsCommand({}))).Summaries).toEqual([]);
  });

  it('lists stack sets by status, in pages, and keeps deleted ones listed under their id', async () => {
    const client = cfn();
    for (const setName of ['alpha', 'bravo', 'charlie'])
      await client.send(new CreateStackSetCommand({ StackSetName: setName, TemplateBody: TEMPLATE }));
    const first = await client.send(new ListStackSetsCommand({ MaxResults: 2, Status: 'ACTIVE' }));
    expect(first.Summaries!.map((s) => s.StackSetName)).toEqual(['alpha', 'bravo']);
    expect(first.NextToken).toBeTruthy();
    const second = await client.send(
      new ListStackSetsCommand({ MaxResults: 2, Status: 'ACTIVE', NextToken: first.NextToken }),
    );
    expect(second.Summaries!.map((s) => s.StackSetName)).toEqual(['charlie']);
    expect(second.NextToken).toBeUndefined();
    expect((await failure(client.send(new ListStackSetsCommand({ NextToken: first.NextToken })))).name).toBe(
      'ValidationError',
    );
    expect((await failure(client.send(new ListStackSetsCommand({ MaxResults: 101 })))).name).toBe(
      'ValidationError',
    );

    const old = (await client.send(new DescribeStackSetCommand({ StackSetName: 'bravo' }))).StackSet!;
    await client.send(new DeleteStackSetCommand({ StackSetName: 'bravo' }));
    expect(
      (await client.send(new ListStackSetsCommand({ Status: 'ACTIVE' }))).Summaries!.map(
        (s) => s.StackSetName,
      ),
    ).toEqual(['alpha', 'charlie']);
    expect((await client.send(new ListStackSetsCommand({ Status: 'DELETED' }))).Summaries).toMatchObject([
      { StackSetName: 'bravo', StackSetId: old.StackSetId, Status: 'DELETED' },
    ]);
    expect((await client.send(new ListStackSetsCommand({}))).Summaries).toHaveLength(3);
    expect((await failure(client.send(new DescribeStackSetCommand({ StackSetName: 'bravo' })))).name).toBe(
      'StackSetNotFoundException',
    );
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: old.StackSetId }))).StackSet!.Status,
    ).toBe('DELETED');
    // the name is free again
    const again = await client.send(
      new CreateStackSetCommand({ StackSetName: 'bravo', TemplateBody: TEMPLATE }),
    );
    expect(again.StackSetId).not.toBe(old.StackSetId);
    expect((await failure(client.send(new DeleteStackSetCommand({ StackSetName: 'ghost' })))).name).toBe(
      'StackSetNotFoundException',
    );
  });

  it('runs operations asynchronously, one at a time, as AWS does', async () => {
    const client = cfn();
    await client.send(new CreateStackSetCommand({ StackSetName: 'async', TemplateBody: TEMPLATE }));
    const { OperationId: create } = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'async',
        Accounts: ['222222222222', '333333333333'],
        Regions: ['us-east-1', 'eu-west-1'],
      }),
    );
    expect(create).toMatch(/^[a-zA-Z0-9][-a-zA-Z0-9]*$/);
    // another operation while this one runs is refused
    for (const call of [
      client.send(new UpdateStackSetCommand({ StackSetName: 'async', UsePreviousTemplate: true })),
      client.send(
        new CreateStackInstancesCommand({
          StackSetName: 'async',
          Accounts: ['444444444444'],
          Regions: ['us-east-1'],
        }),
      ),
      client.send(new DeleteStackSetCommand({ StackSetName: 'async' })),
    ]) {
      const error = await failure(call);
      expect(error).toMatchObject({ name: 'OperationInProgressException', status: 409 });
      expect(error.message).toMatch(
        /^Another Operation on StackSet arn:aws:cloudformation:us-east-1:123456789012:stackset\/async:[-0-9a-f]+ is in progress$/,
      );
    }
    // the first read sees it RUNNING, its instances OUTDATED and RUNNING
    const running = await instancesOf(client, 'async');
    expect(pairs(running)).toEqual([
      '222222222222/eu-west-1',
      '222222222222/us-east-1',
      '333333333333/eu-west-1',
      '333333333333/us-east-1',
    ]);
    expect(
      running.every((i) => i.Status === 'OUTDATED' && i.StackInstanceStatus?.DetailedStatus === 'RUNNING'),
    ).toBe(true);
    // the next read sees it finished
    const op = (
      await client.send(new DescribeStackSetOperationCommand({ StackSetName: 'async', OperationId: create }))
    ).StackSetOperation!;
    expect(op).toMatchObject({ OperationId: create, Action: 'CREATE', Status: 'SUCCEEDED' });
    expect(op.EndTimestamp!.getTime()).toBeGreaterThanOrEqual(op.CreationTimestamp!.getTime());
    const done = await instancesOf(client, 'async');
    expect(done).toHaveLength(4);
    for (const i of done) {
      expect(i).toMatchObject({
        Status: 'CURRENT',
        StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
        LastOperationId: create,
      });
      expect(i.StackId).toMatch(
        new RegExp(`^arn:aws:cloudformation:${i.Region}:${i.Account}:stack/StackSet-async-`),
      );
    }
    const results = (
      await client.send(
        new ListStackSetOperationResultsCommand({ StackSetName: 'async', OperationId: create }),
      )
    ).Summaries!;
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ Status: 'SUCCEEDED', AccountGateResult: { Status: 'SKIPPED' } });

    // a template change leaves every instance OUTDATED except those the update names; time settles it too
    const { OperationId: update } = await client.send(
      new UpdateStackSetCommand({
        StackSetName: 'async',
        TemplateBody: OTHER_TEMPLATE,
        Accounts: ['222222222222'],
        Regions: ['us-east-1'],
      }),
    );
    target.sandbox!.advanceClock(OPERATION_MS);
    const updated = (
      await client.send(new DescribeStackSetOperationCommand({ StackSetName: 'async', OperationId: update }))
    ).StackSetOperation!;
    expect(updated).toMatchObject({ Action: 'UPDATE', Status: 'SUCCEEDED' });
    expect(updated.EndTimestamp!.getTime() - updated.CreationTimestamp!.getTime()).toBe(OPERATION_MS);
    const after = await instancesOf(client, 'async');
    expect(after.filter((i) => i.Status === 'CURRENT').map((i) => `${i.Account}/${i.Region}`)).toEqual([
      '222222222222/us-east-1',
    ]);
    expect(after.filter((i) => i.Status === 'OUTDATED')).toHaveLength(3);
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'async' }))).StackSet!.TemplateBody,
    ).toBe(OTHER_TEMPLATE);

    // filters and pages of instances
    const filtered = await client.send(
      new ListStackInstancesCommand({ StackSetName: 'async', StackInstanceAccount: '333333333333' }),
    );
    expect(pairs(filtered.Summaries!)).toEqual(['333333333333/eu-west-1', '333333333333/us-east-1']);
    expect(
      pairs(
        (
          await client.send(
            new ListStackInstancesCommand({
              StackSetName: 'async',
              Filters: [{ Name: 'LAST_OPERATION_ID', Values: update }],
            }),
          )
        ).Summaries!,
      ),
    ).toEqual(['222222222222/us-east-1']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListStackInstancesCommand({ StackSetName: 'async', MaxResults: 3, NextToken: token }),
      );
      seen.push(...pairs(page.Summaries!));
      token = page.NextToken;
    } while (token);
    expect(seen.sort()).toEqual(pairs(after));
    expect(
      (
        await client.send(
          new DescribeStackInstanceCommand({
            StackSetName: 'async',
            StackInstanceAccount: '333333333333',
            StackInstanceRegion: 'eu-west-1',
          }),
        )
      ).StackInstance,
    ).toMatchObject({
      Account: '333333333333',
      Region: 'eu-west-1',
      Status: 'OUTDATED',
      ParameterOverrides: [],
    });
    expect(
      (
        await failure(
          client.send(
            new DescribeStackInstanceCommand({
              StackSetName: 'async',
              StackInstanceAccount: '333333333333',
              StackInstanceRegion: 'ap-south-1',
            }),
          ),
        )
      ).name,
    ).toBe('StackInstanceNotFoundException');

    // a stack set with instances cannot be deleted; deleting them is an operation too
    expect(await failure(client.send(new DeleteStackSetCommand({ StackSetName: 'async' })))).toMatchObject({
      name: 'StackSetNotEmptyException',
      status: 409,
    });
    const { OperationId: remove } = await client.send(
      new DeleteStackInstancesCommand({
        StackSetName: 'async',
        Accounts: ['222222222222', '333333333333'],
        Regions: ['us-east-1', 'eu-west-1'],
        RetainStacks: true,
        OperationPreferences: { FailureToleranceCount: 1, MaxConcurrentCount: 2 },
      }),
    );
    expect(await finished(client, 'async', remove!)).toMatchObject({
      Action: 'DELETE',
      Status: 'SUCCEEDED',
      RetainStacks: true,
      OperationPreferences: { FailureToleranceCount: 1, MaxConcurrentCount: 2 },
    });
    expect(await instancesOf(client, 'async')).toEqual([]);
    const history = (await client.send(new ListStackSetOperationsCommand({ StackSetName: 'async' })))
      .Summaries!;
    expect(history.map((o) => `${o.Action}:${o.Status}`)).toEqual([
      'DELETE:SUCCEEDED',
      'UPDATE:SUCCEEDED',
      'CREATE:SUCCEEDED',
    ]);
    expect(
      (
        await failure(
          client.send(new DescribeStackSetOperationCommand({ StackSetName: 'async', OperationId: 'nope' })),
        )
      ).name,
    ).toBe('OperationNotFoundException');
    // an OperationId can be used once
    const reused = await failure(
      client.send(
        new CreateStackInstancesCommand({
          StackSetName: 'async',
          Accounts: ['222222222222'],
          Regions: ['us-east-1'],
          OperationId: create,
        }),
      ),
    );
    expect(reused.name).toBe('OperationIdAlreadyExistsException');
    await client.send(new DeleteStackSetCommand({ StackSetName: 'async' }));
  });

  it('queues operations under managed execution, and stops one', async () => {
    const client = cfn();
    await client.send(
      new CreateStackSetCommand({
        StackSetName: 'queued',
        TemplateBody: TEMPLATE,
        ManagedExecution: { Active: true },
      }),
    );
    const first = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'queued',
        Accounts: ['222222222222'],
        Regions: ['us-east-1'],
      }),
    );
    const second = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'queued',
        Accounts: ['333333333333'],
        Regions: ['us-east-1'],
      }),
    );
    const states = (await client.send(new ListStackSetOperationsCommand({ StackSetName: 'queued' })))
      .Summaries!;
    expect(states.map((o) => [o.OperationId, o.Status])).toEqual([
      [second.OperationId, 'QUEUED'],
      [first.OperationId, 'RUNNING'],
    ]);
    // the read finished the first; the second runs now, and is stopped
    expect(
      (
        await client.send(
          new DescribeStackSetOperationCommand({ StackSetName: 'queued', OperationId: second.OperationId }),
        )
      ).StackSetOperation!.Status,
    ).toBe('RUNNING');
    await client.send(
      new StopStackSetOperationCommand({ StackSetName: 'queued', OperationId: second.OperationId }),
    );
    expect((await finished(client, 'queued', second.OperationId!)).Status).toBe('STOPPED');
    expect(
      (
        await failure(
          client.send(
            new StopStackSetOperationCommand({ StackSetName: 'queued', OperationId: first.OperationId }),
          ),
        )
      ).name,
    ).toBe('InvalidOperationException');
    const instances = await instancesOf(client, 'queued');
    expect(instances.map((i) => [i.Account, i.Status, i.StackInstanceStatus?.DetailedStatus])).toEqual([
      ['222222222222', 'CURRENT', 'SUCCEEDED'],
      ['333333333333', 'OUTDATED', 'CANCELLED'],
    ]);
  });

  it('fails instances in regions the account has not enabled, within the failure tolerance', async () => {
    const client = cfn();
    await client.send(new CreateStackSetCommand({ StackSetName: 'regions', TemplateBody: TEMPLATE }));
    const strict = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'regions',
        Accounts: ['222222222222'],
        Regions: ['us-east-1', 'ap-east-1'],
      }),
    );
    const failed = await finished(client, 'regions', strict.OperationId!);
    expect(failed).toMatchObject({ Status: 'FAILED', StatusDetails: { FailedStackInstancesCount: 1 } });
    const broken = (await instancesOf(client, 'regions')).find((i) => i.Region === 'ap-east-1')!;
    expect(broken).toMatchObject({
      Status: 'OUTDATED',
      StatusReason: "Account 222222222222 should have 'ap-east-1' region enabled",
      StackInstanceStatus: { DetailedStatus: 'FAILED' },
    });
    expect(
      (
        await client.send(
          new ListStackSetOperationResultsCommand({
            StackSetName: 'regions',
            OperationId: strict.OperationId,
            Filters: [{ Name: 'OPERATION_RESULT_STATUS', Values: 'FAILED' }],
          }),
        )
      ).Summaries!.map((r) => r.Region),
    ).toEqual(['ap-east-1']);
    const tolerant = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'regions',
        Accounts: ['333333333333'],
        Regions: ['us-east-1', 'ap-east-1'],
        OperationPreferences: { FailureToleranceCount: 1 },
      }),
    );
    expect((await finished(client, 'regions', tolerant.OperationId!)).Status).toBe('SUCCEEDED');
  });

  it('operates service-managed stack sets from the management account or a delegated administrator', async () => {
    const org = await buildOrganization();
    const { prod, dev, play, loose } = org.accounts;
    const client = cfn();
    const create = (c: CloudFormationClient, setName: string, callAs?: 'DELEGATED_ADMIN') =>
      c.send(
        new CreateStackSetCommand({
          StackSetName: setName,
          TemplateBody: TEMPLATE,
          PermissionModel: 'SERVICE_MANAGED',
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          CallAs: callAs,
        }),
      );
    expect((await client.send(new DescribeOrganizationsAccessCommand({ CallAs: 'SELF' }))).Status).toBe(
      'DISABLED',
    );
    expect(await failure(create(client, 'org'))).toMatchObject({
      name: 'ValidationError',
      message: 'You must enable organizations access to operate a service managed stack set',
    });
    await client.send(new ActivateOrganizationsAccessCommand({}));
    expect((await client.send(new DescribeOrganizationsAccessCommand({}))).Status).toBe('ENABLED');
    expect(
      (await orgs().send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map(
        (p) => p.ServicePrincipal,
      ),
    ).toContain(STACKSETS_PRINCIPAL);
    // a member account is refused, whether as itself or as a delegated administrator it is not yet
    expect((await failure(create(cfn(dev), 'member'))).message).toBe(
      'You must be the management account or delegated admin account of an organization before operating a SERVICE_MANAGED stack set',
    );
    expect((await failure(create(cfn(dev), 'member', 'DELEGATED_ADMIN'))).message).toBe(
      'Account used is not a delegated administrator',
    );
    expect((await failure(cfn().send(new ListStackSetsCommand({ CallAs: 'DELEGATED_ADMIN' })))).message).toBe(
      'Account used is not a delegated administrator',
    );

    await create(client, 'org');
    await client.send(new CreateStackSetCommand({ StackSetName: 'self', TemplateBody: TEMPLATE }));
    expect(
      (
        await failure(
          client.send(
            new CreateStackInstancesCommand({ StackSetName: 'org', Accounts: [dev], Regions: ['us-east-1'] }),
          ),
        )
      ).message,
    ).toBe('StackSets with SERVICE_MANAGED permission model can only have OrganizationalUnit as target');
    expect(
      (
        await failure(
          client.send(
            new CreateStackInstancesCommand({
              StackSetName: 'self',
              DeploymentTargets: { OrganizationalUnitIds: [org.ous.Workloads] },
              Regions: ['us-east-1'],
            }),
          ),
        )
      ).message,
    ).toBe('StackSets with SELF_MANAGED permission model can only have accounts as target');

    // an OU reaches the accounts below it, nested OUs included
    const workloads = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'org',
        DeploymentTargets: { OrganizationalUnitIds: [org.ous.Workloads] },
        Regions: ['us-east-1'],
      }),
    );
    expect((await finished(client, 'org', workloads.OperationId!)).DeploymentTargets).toEqual({
      OrganizationalUnitIds: [org.ous.Workloads],
    });
    const inWorkloads = await instancesOf(client, 'org');
    expect(pairs(inWorkloads)).toEqual([`${dev}/us-east-1`, `${prod}/us-east-1`].sort());
    expect(inWorkloads.every((i) => i.OrganizationalUnitId === org.ous.Workloads)).toBe(true);
    // the root reaches every account but the management account
    const root = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'org',
        DeploymentTargets: { OrganizationalUnitIds: [org.rootId] },
        Regions: ['eu-west-1'],
      }),
    );
    await finished(client, 'org', root.OperationId!);
    const everywhere = await instancesOf(client, 'org');
    expect(
      everywhere
        .filter((i) => i.Region === 'eu-west-1')
        .map((i) => i.Account)
        .sort(),
    ).toEqual([prod, dev, play, loose].sort());
    expect(everywhere.some((i) => i.Account === MANAGEMENT)).toBe(false);
    expect((await client.send(new DescribeStackSetCommand({ StackSetName: 'org' }))).StackSet).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      OrganizationalUnitIds: [org.ous.Workloads, org.rootId],
      Regions: ['us-east-1', 'eu-west-1'],
    });

    // account filters narrow an OU's accounts
    await create(client, 'narrow');
    const filtered = async (filter: 'INTERSECTION' | 'DIFFERENCE') => {
      const { OperationId } = await client.send(
        new CreateStackInstancesCommand({
          StackSetName: 'narrow',
          DeploymentTargets: {
            OrganizationalUnitIds: [org.ous.Workloads],
            Accounts: [prod],
            AccountFilterType: filter,
          },
          Regions: [filter === 'INTERSECTION' ? 'us-east-1' : 'us-west-2'],
        }),
      );
      await finished(client, 'narrow', OperationId!);
    };
    await filtered('INTERSECTION');
    await filtered('DIFFERENCE');
    expect(pairs(await instancesOf(client, 'narrow'))).toEqual(
      [`${dev}/us-west-2`, `${prod}/us-east-1`].sort(),
    );
    expect(
      (
        await failure(
          client.send(
            new CreateStackInstancesCommand({
              StackSetName: 'narrow',
              DeploymentTargets: { OrganizationalUnitIds: [org.ous.Workloads], Accounts: [prod] },
              Regions: ['us-east-1'],
            }),
          ),
        )
      ).message,
    ).toBe('AccountFilterType should be specified when both OrganizationalUnitIds and Accounts are provided');

    // a registered delegated administrator works on the management account's service-managed sets
    await orgs().send(
      new RegisterDelegatedAdministratorCommand({ AccountId: dev, ServicePrincipal: STACKSETS_PRINCIPAL }),
    );
    const admin = cfn(dev);
    expect(
      (await admin.send(new ListStackSetsCommand({ CallAs: 'DELEGATED_ADMIN' }))).Summaries!.map(
        (s) => s.StackSetName,
      ),
    ).toEqual(['narrow', 'org']);
    expect((await admin.send(new ListStackSetsCommand({}))).Summaries).toEqual([]);
    expect(
      (
        await failure(
          admin.send(new DescribeStackSetCommand({ StackSetName: 'self', CallAs: 'DELEGATED_ADMIN' })),
        )
      ).name,
    ).toBe('StackSetNotFoundException');
    const { StackSetId } = await create(admin, 'delegated', 'DELEGATED_ADMIN');
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'delegated' }))).StackSet!.StackSetARN,
    ).toBe(`arn:aws:cloudformation:us-east-1:${MANAGEMENT}:stackset/${StackSetId}`);
    const sandboxOu = await admin.send(
      new CreateStackInstancesCommand({
        StackSetName: 'delegated',
        CallAs: 'DELEGATED_ADMIN',
        DeploymentTargets: { OrganizationalUnitIds: [org.ous.Sandbox] },
        Regions: ['us-east-1'],
      }),
    );
    await admin.send(
      new DescribeStackSetOperationCommand({
        StackSetName: 'delegated',
        OperationId: sandboxOu.OperationId,
        CallAs: 'DELEGATED_ADMIN',
      }),
    );
    expect(pairs(await instancesOf(admin, 'delegated', 'DELEGATED_ADMIN'))).toEqual([`${play}/us-east-1`]);
    expect(
      (
        await failure(
          admin.send(
            new CreateStackSetCommand({
              StackSetName: 'mine',
              TemplateBody: TEMPLATE,
              CallAs: 'DELEGATED_ADMIN',
            }),
          ),
        )
      ).message,
    ).toBe('A delegated administrator can only create SERVICE_MANAGED stack sets');

    // removing an OU's instances in a region stops deploying there
    const removal = await client.send(
      new DeleteStackInstancesCommand({
        StackSetName: 'org',
        DeploymentTargets: { OrganizationalUnitIds: [org.rootId] },
        Regions: ['eu-west-1'],
        RetainStacks: false,
      }),
    );
    await finished(client, 'org', removal.OperationId!);
    expect(pairs(await instancesOf(client, 'org'))).toEqual([`${dev}/us-east-1`, `${prod}/us-east-1`].sort());
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'org' }))).StackSet!
        .OrganizationalUnitIds,
    ).toEqual([org.ous.Workloads]);
  });

  it('deploys automatically to accounts that join a targeted OU and removes those that leave', async () => {
    const org = await buildOrganization();
    const client = cfn();
    await client.send(new ActivateOrganizationsAccessCommand({}));
    await client.send(
      new CreateStackSetCommand({
        StackSetName: 'auto',
        TemplateBody: TEMPLATE,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      }),
    );
    const { OperationId } = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'auto',
        DeploymentTargets: { OrganizationalUnitIds: [org.ous.Workloads] },
        Regions: ['us-east-1', 'eu-west-1'],
      }),
    );
    await finished(client, 'auto', OperationId!);
    const { prod, dev, play } = org.accounts;
    expect(new Set((await instancesOf(client, 'auto')).map((i) => i.Account))).toEqual(new Set([prod, dev]));

    // a new account created into Workloads/Prod, and one moved in from Sandbox, get instances
    const joined = await newAccount('joined', org.ous['Workloads/Prod']);
    await orgs().send(
      new MoveAccountCommand({
        AccountId: play,
        SourceParentId: org.ous.Sandbox,
        DestinationParentId: org.ous.Workloads,
      }),
    );
    const grown = await instancesOf(client, 'auto');
    expect(pairs(grown)).toEqual(
      [prod, dev, play, joined].flatMap((a) => [`${a}/eu-west-1`, `${a}/us-east-1`]).sort(),
    );
    expect(grown.find((i) => i.Account === joined)).toMatchObject({
      Status: 'CURRENT',
      OrganizationalUnitId: org.ous.Workloads,
      StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
    });
    // an account moved out of every targeted OU leaves the stack set
    await orgs().send(
      new MoveAccountCommand({
        AccountId: prod,
        SourceParentId: org.ous['Workloads/Prod'],
        DestinationParentId: org.rootId,
      }),
    );
    expect(new Set((await instancesOf(client, 'auto')).map((i) => i.Account))).toEqual(
      new Set([dev, play, joined]),
    );

    // with automatic deployment off, moves change nothing
    const { OperationId: off } = await client.send(
      new UpdateStackSetCommand({
        StackSetName: 'auto',
        UsePreviousTemplate: true,
        AutoDeployment: { Enabled: false },
      }),
    );
    await finished(client, 'auto', off!);
    await orgs().send(
      new MoveAccountCommand({
        AccountId: play,
        SourceParentId: org.ous.Workloads,
        DestinationParentId: org.ous.Sandbox,
      }),
    );
    await orgs().send(
      new MoveAccountCommand({
        AccountId: prod,
        SourceParentId: org.rootId,
        DestinationParentId: org.ous.Workloads,
      }),
    );
    expect(new Set((await instancesOf(client, 'auto')).map((i) => i.Account))).toEqual(
      new Set([dev, play, joined]),
    );
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'auto' }))).StackSet!.AutoDeployment,
    ).toEqual({
      Enabled: false,
      RetainStacksOnAccountRemoval: true,
    });
  });

  it('seeds stack sets: listed instances, OU targets expanded once the organization exists, deleted sets', async () => {
    const world = target.sandbox!.world;
    const seed = (stackSets: unknown[]) =>
      applyWorldDocument(
        world,
        { accounts: { [MANAGEMENT]: { regions: { 'us-east-1': { stackSets } } } } },
        target.sandbox!.now(),
      );
    expect(() => seed([{ name: 'bad', template: { Outputs: {} } }])).toThrow(
      /Template format error: At least one Resources member must be defined/,
    );
    expect(() =>
      seed([
        {
          name: 'bad',
          permissionModel: 'SELF_MANAGED',
          targets: [{ ous: ['r-ab12'], regions: ['us-east-1'] }],
        },
      ]),
    ).toThrow(/SELF_MANAGED stack set has no OU targets/);
    const org = await buildOrganization();
    seed([
      {
        name: 'baseline',
        targets: [{ ous: [org.ous.Workloads], regions: ['us-east-1'] }],
      },
      {
        name: 'legacy',
        instances: [
          { account: '222222222222', region: 'us-east-1' },
          { account: '333333333333', region: 'us-east-1', status: 'OUTDATED', detailedStatus: 'FAILED' },
        ],
      },
      {
        name: 'roles',
        permissionModel: 'SELF_MANAGED',
        description: 'audit roles',
        template: 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: audit\n',
        capabilities: ['CAPABILITY_NAMED_IAM'],
        instances: [{ account: org.accounts.dev, region: 'us-east-1' }],
      },
      { name: 'retired', status: 'DELETED' },
    ]);
    const client = cfn();
    expect(
      (await client.send(new ListStackSetsCommand({}))).Summaries!.map(
        (s) => `${s.StackSetName}:${s.Status}`,
      ),
    ).toEqual(['baseline:ACTIVE', 'legacy:ACTIVE', 'retired:DELETED', 'roles:ACTIVE']);
    const baseline = await instancesOf(client, 'baseline');
    expect(pairs(baseline)).toEqual(
      [`${org.accounts.dev}/us-east-1`, `${org.accounts.prod}/us-east-1`].sort(),
    );
    expect(
      baseline.every((i) => i.Status === 'CURRENT' && i.OrganizationalUnitId === org.ous.Workloads),
    ).toBe(true);
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'baseline' }))).StackSet,
    ).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true },
      OrganizationalUnitIds: [org.ous.Workloads],
      TemplateBody: expect.stringContaining('AWS::CloudFormation::WaitConditionHandle') as string,
    });
    expect(
      (
        await client.send(
          new ListStackInstancesCommand({ StackSetName: 'legacy', StackInstanceAccount: '333333333333' }),
        )
      ).Summaries,
    ).toMatchObject([{ Status: 'OUTDATED', StackInstanceStatus: { DetailedStatus: 'FAILED' } }]);
    expect(
      (await client.send(new DescribeStackSetCommand({ StackSetName: 'roles' }))).StackSet,
    ).toMatchObject({
      Description: 'audit roles',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      PermissionModel: 'SELF_MANAGED',
      ExecutionRoleName: 'AWSCloudFormationStackSetExecutionRole',
    });
  });

  it('reads stack sets saved by the first sandbox version', async () => {
    // the shape state files held before operations, targets and deleted sets existed
    const world = target.sandbox!.world;
    ensureAccount(world, MANAGEMENT, new Date()).services = {
      cloudformation: {
        'us-east-1': {
          stackSets: {
            old: {
              name: 'old',
              id: '11111111-2222-4333-a444-555555555555',
              description: '',
              status: 'ACTIVE',
              permissionModel: 'SERVICE_MANAGED',
              autoDeployment: { enabled: false, retainStacksOnAccountRemoval: false },
              ouIds: ['ou-ab12-cdefgh34'],
              instances: [
                {
                  account: '222222222222',
                  region: 'us-east-1',
                  ouId: 'ou-ab12-cdefgh34',
                  status: 'CURRENT',
                  detailedStatus: 'SUCCEEDED',
                },
              ],
            },
          },
        },
      },
    };
    const client = cfn();
    expect((await client.send(new ListStackSetsCommand({}))).Summaries).toMatchObject([
      {
        StackSetName: 'old',
        StackSetId: 'old:11111111-2222-4333-a444-555555555555',
        ManagedExecution: { Active: false },
      },
    ]);
    expect((await client.send(new DescribeStackSetCommand({ StackSetName: 'old' }))).StackSet).toMatchObject({
      OrganizationalUnitIds: ['ou-ab12-cdefgh34'],
      Regions: ['us-east-1'],
    });
    expect(await instancesOf(client, 'old')).toMatchObject([
      { Account: '222222222222', OrganizationalUnitId: 'ou-ab12-cdefgh34', Status: 'CURRENT' },
    ]);
  });

  it("answers orgward's audit read of the management account's stack sets", async () => {
    const org = await buildOrganization();
    const client = cfn();
    await client.send(new ActivateOrganizationsAccessCommand({}));
    await client.send(
      new CreateStackSetCommand({
        StackSetName: 'baseline',
        TemplateBody: TEMPLATE,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      }),
    );
    const { OperationId } = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'baseline',
        DeploymentTargets: { OrganizationalUnitIds: [org.rootId] },
        Regions: ['us-east-1'],
      }),
    );
    await finished(client, 'baseline', OperationId!);
    const factory = new ClientFactory(target.config({ accessKeyId: MANAGEMENT }), {
      retry: { baseMs: 1, throttlingBaseMs: 1, capMs: 5 },
    });
    const read = await readStackSets(factory, 'us-east-1');
    expect(read.organizationsAccess).toBe(true);
    expect(read.stackSets).toHaveLength(1);
    expect(read.stackSets[0]).toMatchObject({
      name: 'baseline',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: true,
      targets: [org.rootId],
    });
    expect(read.stackSets[0]!.instances.map((i) => i.accountId).sort()).toEqual(
      Object.values(org.accounts).sort(),
    );
    expect(
      read.stackSets[0]!.instances.every((i) => i.status === 'CURRENT' && i.detailedStatus === 'SUCCEEDED'),
    ).toBe(true);
  });
});
