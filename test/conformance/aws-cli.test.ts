/**
 * Conformance with the real AWS CLI v1 (botocore): for every service the sandbox serves, one write and
 * one read through `aws --endpoint-url`, the JSON output parsed and asserted. The whole file is skipped,
 * with a warning, where `aws --version` does not run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { listen, type RunningServer } from '../../src/sandbox/server.js';
import { applyWorldDocument } from '../../src/sandbox/seed.js';
import { allServices } from '../../src/sandbox/services/index.js';
import { awsCliAvailable, forwardingProxy, runAws, tinyZip, type CliResult } from './aws-cli.js';

const available = awsCliAvailable();
if (!available)
  console.warn('test/conformance/aws-cli.test.ts skipped: `aws --version` fails here (no AWS CLI)');

/** Each `aws` call costs 1–2 s of CPU; allow 30 s per call on a loaded machine. */
const PER_CALL = 30_000;
const ACCOUNT = '123456789012';

describe.skipIf(!available)('the AWS CLI v1 against the sandbox over HTTP', () => {
  let server: RunningServer;
  let sandbox: Sandbox;
  let dir: string;
  const calls: CliResult[] = [];
  /** Services the `it`s below cover, to check every served one is. */
  const covered = new Set<string>();

  beforeAll(async () => {
    sandbox = new Sandbox();
    server = await listen(sandbox, 0);
    dir = mkdtempSync(join(tmpdir(), 'orgward-aws-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function aws(...args: string[]): Promise<CliResult> {
    return awsWith({}, ...args);
  }

  async function awsWith(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
    const result = await runAws(server.url, args, { cwd: dir, env });
    calls.push(result);
    return result;
  }

  /** Runs a call that must succeed and answers its parsed JSON output (`{}` for an empty output). */
  async function ok(...args: string[]): Promise<any> {
    return okWith({}, ...args);
  }

  async function okWith(env: Record<string, string>, ...args: string[]): Promise<any> {
    const result = await awsWith(env, ...args);
    expect(result.status, `${result.command}\n${result.stderr}`).toBe(0);
    const text = result.stdout.trim();
    if (text === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${result.command}: output is not JSON:\n${text}`);
    }
  }

  /** Runs a call that must fail with `code` (as the CLI prints it: `An error occurred (<code>)`). */
  async function fails(code: string, ...args: string[]): Promise<CliResult> {
    const result = await aws(...args);
    expect(result.status, `${result.command}\n${result.stdout}`).not.toBe(0);
    expect(result.stderr, result.command).toContain(`(${code})`);
    return result;
  }

  const timeout = (calls: number) => calls * PER_CALL;

  it(
    'organizations: create-organization, describe-organization',
    async () => {
      covered.add('organizations');
      const created = await ok('organizations', 'create-organization', '--feature-set', 'ALL');
      expect(created.Organization.Id).toMatch(/^o-[a-z0-9]{10,32}$/);
      expect(created.Organization.MasterAccountId).toBe(ACCOUNT);
      const described = await ok('organizations', 'describe-organization');
      expect(described.Organization.Id).toBe(created.Organization.Id);
      expect(described.Organization.FeatureSet).toBe('ALL');
    },
    timeout(2),
  );

  it(
    'iam: create-user, get-user',
    async () => {
      covered.add('iam');
      const created = await ok('iam', 'create-user', '--user-name', 'cli-alice', '--path', '/team/');
      expect(created.User.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/team/cli-alice`);
      const got = await ok('iam', 'get-user', '--user-name', 'cli-alice');
      expect(got.User.UserName).toBe('cli-alice');
      expect(got.User.UserId).toBe(created.User.UserId);
      expect(got.User.Path).toBe('/team/');
    },
    timeout(2),
  );

  it(
    'sts: get-caller-identity, assume-role of a role created with iam',
    async () => {
      covered.add('sts');
      const me = await ok('sts', 'get-caller-identity');
      expect(me.Account).toBe(ACCOUNT);
      expect(me.Arn).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:`));
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
        ],
      });
      const role = await ok(
        'iam',
        'create-role',
        '--role-name',
        'cli-role',
        '--assume-role-policy-document',
        trust,
      );
      expect(role.Role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/cli-role`);
      const assumed = await ok(
        'sts',
        'assume-role',
        '--role-arn',
        role.Role.Arn,
        '--role-session-name',
        'cli-session',
      );
      expect(assumed.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/cli-session`);
      expect(assumed.Credentials.AccessKeyId).toMatch(/^ASIA/);
      expect(assumed.Credentials.SessionToken).toEqual(expect.any(String));
    },
    timeout(4),
  );

  let identityStoreId = '';

  it(
    'sso-admin: list-instances, create-permission-set',
    async () => {
      covered.add('sso-admin');
      const listed = await ok('sso-admin', 'list-instances');
      expect(listed.Instances).toHaveLength(1);
      const instance = listed.Instances[0];
      expect(instance.InstanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
      expect(instance.IdentityStoreId).toMatch(/^d-[0-9a-f]{10}$/);
      identityStoreId = instance.IdentityStoreId;
      const created = await ok(
        'sso-admin',
        'create-permission-set',
        '--instance-arn',
        instance.InstanceArn,
        '--name',
        'CliReadOnly',
        '--session-duration',
        'PT2H',
      );
      expect(created.PermissionSet.Name).toBe('CliReadOnly');
      expect(created.PermissionSet.SessionDuration).toBe('PT2H');
      const sets = await ok('sso-admin', 'list-permission-sets', '--instance-arn', instance.InstanceArn);
      expect(sets.PermissionSets).toContain(created.PermissionSet.PermissionSetArn);
    },
    timeout(3),
  );

  it(
    'identitystore: create-user, list-users',
    async () => {
      covered.add('identitystore');
      expect(identityStoreId, 'sso-admin list-instances gave no identity store').not.toBe('');
      const created = await ok(
        'identitystore',
        'create-user',
        '--identity-store-id',
        identityStoreId,
        '--user-name',
        'cli-bob',
        '--display-name',
        'Bob Cli',
        '--name',
        'GivenName=Bob,FamilyName=Cli',
      );
      expect(created.IdentityStoreId).toBe(identityStoreId);
      expect(created.UserId).toEqual(expect.any(String));
      const listed = await ok('identitystore', 'list-users', '--identity-store-id', identityStoreId);
      const bob = listed.Users.find((u: any) => u.UserId === created.UserId);
      expect(bob).toMatchObject({ UserName: 'cli-bob', DisplayName: 'Bob Cli' });
    },
    timeout(2),
  );

  it(
    'cloudtrail (with s3api create-bucket): create-trail, describe-trails',
    async () => {
      covered.add('cloudtrail');
      const bucket = await ok('s3api', 'create-bucket', '--bucket', 'cli-trail-logs');
      expect(bucket.Location).toBe('/cli-trail-logs');
      const created = await ok(
        'cloudtrail',
        'create-trail',
        '--name',
        'cli-trail',
        '--s3-bucket-name',
        'cli-trail-logs',
        '--is-multi-region-trail',
      );
      expect(created.Name).toBe('cli-trail');
      expect(created.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/cli-trail`);
      expect(created.IsMultiRegionTrail).toBe(true);
      const described = await ok('cloudtrail', 'describe-trails');
      const trail = described.trailList.find((t: any) => t.Name === 'cli-trail');
      expect(trail).toMatchObject({ S3BucketName: 'cli-trail-logs', HomeRegion: 'us-east-1' });
    },
    timeout(3),
  );

  it(
    'config: put-configuration-recorder, describe-configuration-recorders',
    async () => {
      covered.add('config');
      const roleArn = `arn:aws:iam::${ACCOUNT}:role/config-recorder`;
      await ok(
        'configservice',
        'put-configuration-recorder',
        '--configuration-recorder',
        JSON.stringify({ name: 'default', roleARN: roleArn }),
        '--recording-group',
        JSON.stringify({ allSupported: true, includeGlobalResourceTypes: true }),
      );
      const described = await ok('configservice', 'describe-configuration-recorders');
      expect(described.ConfigurationRecorders).toHaveLength(1);
      expect(described.ConfigurationRecorders[0]).toMatchObject({
        name: 'default',
        roleARN: roleArn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      });
    },
    timeout(2),
  );

  it(
    'sqs: create-queue, get-queue-attributes',
    async () => {
      covered.add('sqs');
      const created = await ok(
        'sqs',
        'create-queue',
        '--queue-name',
        'cli-queue',
        '--attributes',
        'VisibilityTimeout=45',
      );
      expect(created.QueueUrl).toMatch(/\/123456789012\/cli-queue$/);
      const attributes = await ok(
        'sqs',
        'get-queue-attributes',
        '--queue-url',
        created.QueueUrl,
        '--attribute-names',
        'All',
      );
      expect(attributes.Attributes.VisibilityTimeout).toBe('45');
      expect(attributes.Attributes.QueueArn).toBe(`arn:aws:sqs:us-east-1:${ACCOUNT}:cli-queue`);
    },
    timeout(2),
  );

  it(
    'guardduty: create-detector, list-detectors',
    async () => {
      covered.add('guardduty');
      const created = await ok('guardduty', 'create-detector', '--enable');
      expect(created.DetectorId).toMatch(/^[0-9a-f]{32}$/);
      const listed = await ok('guardduty', 'list-detectors');
      expect(listed.DetectorIds).toEqual([created.DetectorId]);
    },
    timeout(2),
  );

  it(
    'securityhub: enable-security-hub, describe-hub',
    async () => {
      covered.add('securityhub');
      await ok('securityhub', 'enable-security-hub', '--no-enable-default-standards');
      const hub = await ok('securityhub', 'describe-hub');
      expect(hub.HubArn).toBe(`arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`);
      expect(hub.SubscribedAt).toEqual(expect.any(String));
    },
    timeout(2),
  );

  it(
    'accessanalyzer: create-analyzer, list-analyzers',
    async () => {
      covered.add('accessanalyzer');
      const created = await ok(
        'accessanalyzer',
        'create-analyzer',
        '--analyzer-name',
        'cli-analyzer',
        '--type',
        'ACCOUNT',
      );
      expect(created.arn).toBe(`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/cli-analyzer`);
      const listed = await ok('accessanalyzer', 'list-analyzers');
      const analyzer = listed.analyzers.find((a: any) => a.name === 'cli-analyzer');
      expect(analyzer).toMatchObject({ arn: created.arn, type: 'ACCOUNT', status: 'ACTIVE' });
    },
    timeout(2),
  );

  it(
    'account: put-alternate-contact, get-alternate-contact',
    async () => {
      covered.add('account');
      await ok(
        'account',
        'put-alternate-contact',
        '--alternate-contact-type',
        'SECURITY',
        '--email-address',
        'security@example.com',
        '--name',
        'Sec Team',
        '--phone-number',
        '+1-555-0100',
        '--title',
        'CISO',
      );
      const got = await ok('account', 'get-alternate-contact', '--alternate-contact-type', 'SECURITY');
      expect(got.AlternateContact).toMatchObject({
        AlternateContactType: 'SECURITY',
        EmailAddress: 'security@example.com',
        Name: 'Sec Team',
        PhoneNumber: '+1-555-0100',
        Title: 'CISO',
      });
    },
    timeout(2),
  );

  it(
    'lambda: create-function, list-functions, get-function',
    async () => {
      covered.add('lambda');
      writeFileSync(join(dir, 'fn.zip'), tinyZip('index.py', 'def handler(event, context):\n    return 1\n'));
      const created = await aws(
        'lambda',
        'create-function',
        '--function-name',
        'cli-fn',
        '--runtime',
        'python3.12',
        '--handler',
        'index.handler',
        '--role',
        `arn:aws:iam::${ACCOUNT}:role/cli-role`,
        '--zip-file',
        `fileb://${join(dir, 'fn.zip')}`,
      );
      expect(created.status, created.stderr).toBe(0);
      const fn = JSON.parse(created.stdout);
      expect(fn.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:cli-fn`);
      const listed = await ok('lambda', 'list-functions');
      expect(listed.Functions.map((f: { FunctionName: string }) => f.FunctionName)).toContain('cli-fn');
      const got = await ok('lambda', 'get-function', '--function-name', 'cli-fn');
      expect(got.Configuration.Runtime).toBe('python3.12');
    },
    timeout(3),
  );

  it(
    'support: describe-severity-levels answers SubscriptionRequiredException on the Basic plan',
    async () => {
      covered.add('support');
      const result = await fails('SubscriptionRequiredException', 'support', 'describe-severity-levels');
      expect(result.stderr).toContain('DescribeSeverityLevels');
      // Support has no write operation in the sandbox: the refusal is the answer a Basic account gets.
    },
    timeout(1),
  );

  it(
    'ec2: run-instances, describe-instances, describe-regions',
    async () => {
      covered.add('ec2');
      const regions = await ok('ec2', 'describe-regions');
      const names = regions.Regions.map((r: { RegionName: string }) => r.RegionName);
      expect(names).toContain('us-east-1');
      expect(regions.Regions.find((r: any) => r.RegionName === 'us-east-1').Endpoint).toEqual(
        expect.stringContaining('us-east-1'),
      );
      const run = await ok(
        'ec2',
        'run-instances',
        '--image-id',
        'ami-0abcdef1234567890',
        '--instance-type',
        't3.micro',
        '--count',
        '1',
        '--tag-specifications',
        'ResourceType=instance,Tags=[{Key=Name,Value=cli-box}]',
      );
      expect(run.Instances).toHaveLength(1);
      const id = run.Instances[0].InstanceId;
      expect(id).toMatch(/^i-[0-9a-f]{17}$/);
      expect(run.Instances[0].State.Name).toBe('pending');
      const described = await ok('ec2', 'describe-instances', '--instance-ids', id);
      const instance = described.Reservations[0].Instances[0];
      expect(instance.InstanceId).toBe(id);
      expect(instance.InstanceType).toBe('t3.micro');
      expect(instance.Tags).toContainEqual({ Key: 'Name', Value: 'cli-box' });
    },
    timeout(3),
  );

  it(
    'elbv2: create-load-balancer, describe-load-balancers',
    async () => {
      covered.add('elbv2');
      const created = await ok(
        'elbv2',
        'create-load-balancer',
        '--name',
        'cli-alb',
        '--type',
        'application',
        '--scheme',
        'internal',
        '--subnets',
        'subnet-0123456789abcdef0',
        'subnet-0123456789abcdef1',
      );
      const lb = created.LoadBalancers[0];
      expect(lb.LoadBalancerArn).toMatch(
        new RegExp(
          `^arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/cli-alb/[0-9a-f]{16}$`,
        ),
      );
      const described = await ok('elbv2', 'describe-load-balancers', '--names', 'cli-alb');
      expect(described.LoadBalancers).toHaveLength(1);
      expect(described.LoadBalancers[0]).toMatchObject({
        LoadBalancerArn: lb.LoadBalancerArn,
        LoadBalancerName: 'cli-alb',
        Type: 'application',
        Scheme: 'internal',
      });
    },
    timeout(2),
  );

  it(
    'rds: create-db-instance, describe-db-instances',
    async () => {
      covered.add('rds');
      const created = await ok(
        'rds',
        'create-db-instance',
        '--db-instance-identifier',
        'cli-db',
        '--db-instance-class',
        'db.t3.micro',
        '--engine',
        'postgres',
        '--master-username',
        'admin1',
        '--master-user-password',
        'secret-password-1',
        '--allocated-storage',
        '20',
        '--storage-encrypted',
      );
      expect(created.DBInstance.DBInstanceIdentifier).toBe('cli-db');
      expect(created.DBInstance.DBInstanceArn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:cli-db`);
      const described = await ok('rds', 'describe-db-instances', '--db-instance-identifier', 'cli-db');
      expect(described.DBInstances).toHaveLength(1);
      expect(described.DBInstances[0]).toMatchObject({
        DBInstanceIdentifier: 'cli-db',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        StorageEncrypted: true,
      });
    },
    timeout(2),
  );

  it(
    'cloudformation: create-stack-set, list-stack-sets',
    async () => {
      covered.add('cloudformation');
      const template = JSON.stringify({
        Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      });
      const created = await ok(
        'cloudformation',
        'create-stack-set',
        '--stack-set-name',
        'cli-set',
        '--template-body',
        template,
        '--description',
        'from the CLI',
      );
      expect(created.StackSetId).toMatch(/^cli-set:[0-9a-f-]{36}$/);
      const listed = await ok('cloudformation', 'list-stack-sets');
      const set = listed.Summaries.find((s: any) => s.StackSetName === 'cli-set');
      expect(set).toMatchObject({
        StackSetId: created.StackSetId,
        Status: 'ACTIVE',
        Description: 'from the CLI',
        PermissionModel: 'SELF_MANAGED',
      });
    },
    timeout(2),
  );

  it(
    's3: put-public-access-block, get-public-access-block, objects (put, get, list, copy, delete)',
    async () => {
      covered.add('s3');
      await ok('s3api', 'create-bucket', '--bucket', 'cli-pab');
      await ok(
        's3api',
        'put-public-access-block',
        '--bucket',
        'cli-pab',
        '--public-access-block-configuration',
        'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=true',
      );
      const got = await ok('s3api', 'get-public-access-block', '--bucket', 'cli-pab');
      expect(got.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: true,
      });
      const buckets = await ok('s3api', 'list-buckets');
      expect(buckets.Buckets.map((b: { Name: string }) => b.Name)).toEqual(
        expect.arrayContaining(['cli-pab', 'cli-trail-logs']),
      );
      writeFileSync(join(dir, 'state.json'), '{"stacks": []}\n');
      const put = await ok(
        's3api',
        'put-object',
        '--bucket',
        'cli-pab',
        '--key',
        'state/org state.json',
        '--body',
        join(dir, 'state.json'),
        '--metadata',
        'owner=platform',
      );
      expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
      const got2 = await ok(
        's3api',
        'get-object',
        '--bucket',
        'cli-pab',
        '--key',
        'state/org state.json',
        join(dir, 'out.json'),
      );
      expect([got2.ContentLength, got2.Metadata]).toEqual([15, { owner: 'platform' }]);
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{"stacks": []}\n');
      await ok(
        's3api',
        'copy-object',
        '--bucket',
        'cli-pab',
        '--key',
        'state/copy.json',
        '--copy-source',
        'cli-pab/state/org state.json',
      );
      const listed = await ok('s3api', 'list-objects-v2', '--bucket', 'cli-pab', '--prefix', 'state/');
      expect(listed.Contents.map((o: { Key: string }) => o.Key)).toEqual([
        'state/copy.json',
        'state/org state.json',
      ]);
      await ok('s3api', 'delete-object', '--bucket', 'cli-pab', '--key', 'state/copy.json');
      const cp = await aws('s3', 'cp', `s3://cli-pab/state/org state.json`, join(dir, 'cp.json'));
      expect(cp.status, cp.stderr).toBe(0);
      expect(readFileSync(join(dir, 'cp.json'), 'utf8')).toBe('{"stacks": []}\n');
    },
    timeout(10),
  );

  it(
    's3control: put-public-access-block, get-public-access-block',
    async () => {
      covered.add('s3control');
      // The S3 Control endpoint rules put the account id before the endpoint's host
      // (`http://123456789012.127.0.0.1:<port>/v20180820/...`), a name that does not resolve here. A
      // forwarding proxy takes the CLI's requests to the sandbox with that Host header intact.
      const proxy = await forwardingProxy(server.port);
      const viaProxy = { HTTP_PROXY: proxy.url, http_proxy: proxy.url };
      try {
        await okWith(
          viaProxy,
          's3control',
          'put-public-access-block',
          '--account-id',
          ACCOUNT,
          '--public-access-block-configuration',
          'BlockPublicAcls=true,IgnorePublicAcls=false,BlockPublicPolicy=true,RestrictPublicBuckets=false',
        );
        const got = await okWith(viaProxy, 's3control', 'get-public-access-block', '--account-id', ACCOUNT);
        expect(got.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          IgnorePublicAcls: false,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: false,
        });
      } finally {
        await proxy.close();
      }
    },
    timeout(2),
  );

  it(
    'events: put-events, put-rule, list-rules',
    async () => {
      covered.add('events');
      const sent = await ok(
        'events',
        'put-events',
        '--entries',
        JSON.stringify([{ Source: 'cli.test', DetailType: 'ping', Detail: '{"n":1}' }]),
      );
      expect(sent.FailedEntryCount).toBe(0);
      expect(sent.Entries).toHaveLength(1);
      expect(sent.Entries[0].EventId).toEqual(expect.any(String));
      const rule = await ok(
        'events',
        'put-rule',
        '--name',
        'cli-rule',
        '--event-pattern',
        JSON.stringify({ source: ['cli.test'] }),
      );
      expect(rule.RuleArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/cli-rule`);
      const listed = await ok('events', 'list-rules', '--name-prefix', 'cli-');
      expect(listed.Rules).toHaveLength(1);
      expect(listed.Rules[0]).toMatchObject({ Name: 'cli-rule', Arn: rule.RuleArn, State: 'ENABLED' });
    },
    timeout(3),
  );

  it(
    'kms: create-key, create-alias, put-key-policy, describe-key, get-key-policy',
    async () => {
      covered.add('kms');
      const created = await ok('kms', 'create-key', '--description', 'cli key');
      const keyId = created.KeyMetadata.KeyId;
      expect(created.KeyMetadata.Arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`);
      await ok('kms', 'create-alias', '--alias-name', 'alias/cli', '--target-key-id', keyId);
      const policy = {
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
      };
      await ok('kms', 'put-key-policy', '--key-id', keyId, '--policy', JSON.stringify(policy));
      const described = await ok('kms', 'describe-key', '--key-id', 'alias/cli');
      expect(described.KeyMetadata).toMatchObject({
        KeyId: keyId,
        KeyState: 'Enabled',
        Description: 'cli key',
      });
      const got = await ok('kms', 'get-key-policy', '--key-id', keyId, '--policy-name', 'default');
      expect(JSON.parse(got.Policy)).toEqual(policy);
    },
    timeout(5),
  );

  it(
    'sns: create-topic, set-topic-attributes, get-topic-attributes, list-topics',
    async () => {
      covered.add('sns');
      const created = await ok('sns', 'create-topic', '--name', 'cli-topic');
      expect(created.TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:cli-topic`);
      const initial = await ok('sns', 'get-topic-attributes', '--topic-arn', created.TopicArn);
      expect(JSON.parse(initial.Attributes.Policy).Statement[0].Condition).toEqual({
        StringEquals: { 'AWS:SourceOwner': ACCOUNT },
      });
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'sns:GetTopicAttributes',
            Resource: created.TopicArn,
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
          },
        ],
      };
      await ok(
        'sns',
        'set-topic-attributes',
        '--topic-arn',
        created.TopicArn,
        '--attribute-name',
        'Policy',
        '--attribute-value',
        JSON.stringify(policy),
      );
      const attributes = await ok('sns', 'get-topic-attributes', '--topic-arn', created.TopicArn);
      expect(JSON.parse(attributes.Attributes.Policy)).toEqual(policy);
      expect(attributes.Attributes).toMatchObject({ TopicArn: created.TopicArn, Owner: ACCOUNT });
      const listed = await ok('sns', 'list-topics');
      expect(listed.Topics).toEqual([{ TopicArn: created.TopicArn }]);
    },
    timeout(5),
  );

  it(
    'ce: get-cost-and-usage grouped by linked account, over seeded costs',
    async () => {
      covered.add('ce');
      const now = new Date();
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
        .toISOString()
        .slice(0, 7);
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
      applyWorldDocument(
        sandbox.world,
        { accounts: { [ACCOUNT]: { costs: { [month]: { 'Amazon Simple Storage Service': 12.34 } } } } },
        now,
      );
      const out = await ok(
        'ce',
        'get-cost-and-usage',
        '--time-period',
        `Start=${month}-01,End=${end}`,
        '--granularity',
        'MONTHLY',
        '--metrics',
        'UnblendedCost',
        '--group-by',
        'Type=DIMENSION,Key=SERVICE',
      );
      expect(out.ResultsByTime[0].Groups).toEqual([
        {
          Keys: ['Amazon Simple Storage Service'],
          Metrics: { UnblendedCost: { Amount: '12.34', Unit: 'USD' } },
        },
      ]);
      await fails(
        'ValidationException',
        'ce',
        'get-cost-and-usage',
        '--time-period',
        `Start=${end},End=${month}-01`,
        '--granularity',
        'MONTHLY',
        '--metrics',
        'UnblendedCost',
      );
    },
    timeout(2),
  );

  it(
    'budgets: create-budget with a notification, describe-budgets, delete-budget',
    async () => {
      covered.add('budgets');
      await ok(
        'budgets',
        'create-budget',
        '--account-id',
        ACCOUNT,
        '--budget',
        JSON.stringify({
          BudgetName: 'cli-budget',
          BudgetLimit: { Amount: '100', Unit: 'USD' },
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
        }),
        '--notifications-with-subscribers',
        JSON.stringify([
          {
            Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80 },
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }],
          },
        ]),
      );
      const listed = await ok('budgets', 'describe-budgets', '--account-id', ACCOUNT);
      expect(listed.Budgets.map((b: { BudgetName: string }) => b.BudgetName)).toEqual(['cli-budget']);
      const notifications = await ok(
        'budgets',
        'describe-notifications-for-budget',
        '--account-id',
        ACCOUNT,
        '--budget-name',
        'cli-budget',
      );
      expect(notifications.Notifications).toEqual([
        {
          NotificationType: 'ACTUAL',
          ComparisonOperator: 'GREATER_THAN',
          Threshold: 80,
          NotificationState: 'OK',
        },
      ]);
      await ok('budgets', 'delete-budget', '--account-id', ACCOUNT, '--budget-name', 'cli-budget');
      await fails(
        'NotFoundException',
        'budgets',
        'describe-budget',
        '--account-id',
        ACCOUNT,
        '--budget-name',
        'cli-budget',
      );
    },
    timeout(5),
  );

  it('covered every served service, and no request was retried', () => {
    expect([...covered].sort()).toEqual(allServices.map((s) => s.name).sort());
    expect(calls.length).toBeGreaterThan(0);
    const retried = calls.filter((c) => /reached max retries/i.test(c.stderr));
    expect(retried.map((c) => `${c.command}\n${c.stderr}`)).toEqual([]);
  });
});
