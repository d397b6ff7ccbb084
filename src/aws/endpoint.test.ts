/**
 * Endpoint resolution: the precedence the AWS SDKs document, from a literal environment and a literal
 * shared config file; bad URLs as usage errors; and, through the real SDK over HTTP, S3 Control and SQS
 * (the two clients that bend the endpoint) reaching a sandbox named only by AWS_ENDPOINT_URL.
 */
import {
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3-control';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { awsTargetFrom } from '../cli/context.js';
import { UsageError } from '../errors/index.js';
import { listen, Sandbox } from '../sandbox/index.js';
import { ClientFactory, ROOT_TASK_POLICIES, SDK_SERVICE_IDS } from './clients.js';
import {
  endpointEnvVar,
  endpointInputs,
  parseSharedConfig,
  resolveEndpoint,
  serviceConfigKey,
  type Env,
} from './endpoint.js';

const CONFIG_FILE = '/home/someone/.aws/config';
const CONFIG = `
# a shared config file as users write them
[default]
endpoint_url = http://default-profile:4566
region = eu-west-1

[profile sandbox]
endpoint_url = http://sandbox-profile:4566 ; every other service
services = local
region = us-east-1

[profile ignoring]
endpoint_url = http://ignoring-profile:4566
ignore_configured_endpoint_urls = true

[services local]
s3_control =
  endpoint_url = http://local-s3-control:4566
sso_admin =
  endpoint_url = http://local-sso-admin:4566
`;

interface Case {
  name: string;
  service: string;
  env: Env;
  profile?: string;
  option?: string;
  expected?: string;
  from?: string;
}

const OPTION = 'http://option:4566';
const GLOBAL = 'http://global-env:4566';
const S3_CONTROL_ENV = 'http://s3-control-env:4566';

const cases: Case[] = [
  {
    name: 'the option wins over everything',
    service: 'S3 Control',
    env: { AWS_ENDPOINT_URL_S3_CONTROL: S3_CONTROL_ENV, AWS_ENDPOINT_URL: GLOBAL },
    profile: 'sandbox',
    option: OPTION,
    expected: OPTION,
    from: '--endpoint-url',
  },
  {
    name: 'the service variable wins over AWS_ENDPOINT_URL',
    service: 'S3 Control',
    env: { AWS_ENDPOINT_URL_S3_CONTROL: S3_CONTROL_ENV, AWS_ENDPOINT_URL: GLOBAL },
    profile: 'sandbox',
    expected: S3_CONTROL_ENV,
    from: 'AWS_ENDPOINT_URL_S3_CONTROL',
  },
  {
    name: "another service's variable does not apply",
    service: 'STS',
    env: { AWS_ENDPOINT_URL_S3_CONTROL: S3_CONTROL_ENV, AWS_ENDPOINT_URL: GLOBAL },
    expected: GLOBAL,
    from: 'AWS_ENDPOINT_URL',
  },
  {
    name: 'SSO Admin reads AWS_ENDPOINT_URL_SSO_ADMIN',
    service: 'SSO Admin',
    env: { AWS_ENDPOINT_URL_SSO_ADMIN: 'http://sso:1', AWS_ENDPOINT_URL: GLOBAL },
    expected: 'http://sso:1',
    from: 'AWS_ENDPOINT_URL_SSO_ADMIN',
  },
  {
    name: 'an empty variable counts as unset',
    service: 'S3 Control',
    env: { AWS_ENDPOINT_URL_S3_CONTROL: '', AWS_ENDPOINT_URL: GLOBAL },
    expected: GLOBAL,
    from: 'AWS_ENDPOINT_URL',
  },
  {
    name: 'AWS_ENDPOINT_URL wins over the profile',
    service: 'S3 Control',
    env: { AWS_ENDPOINT_URL: GLOBAL },
    profile: 'sandbox',
    expected: GLOBAL,
    from: 'AWS_ENDPOINT_URL',
  },
  {
    name: "the profile's services section, for a service it lists",
    service: 'S3 Control',
    env: {},
    profile: 'sandbox',
    expected: 'http://local-s3-control:4566',
    from: `s3_control.endpoint_url in [services local] of ${CONFIG_FILE}`,
  },
  {
    name: "the profile's endpoint_url, for a service its section does not list",
    service: 'Organizations',
    env: {},
    profile: 'sandbox',
    expected: 'http://sandbox-profile:4566',
    from: `endpoint_url in profile "sandbox" of ${CONFIG_FILE}`,
  },
  {
    name: 'AWS_PROFILE selects the profile when --profile is not given',
    service: 'SSO Admin',
    env: { AWS_PROFILE: 'sandbox' },
    expected: 'http://local-sso-admin:4566',
  },
  {
    name: '--profile wins over AWS_PROFILE',
    service: 'SQS',
    env: { AWS_PROFILE: 'sandbox' },
    profile: 'default',
    expected: 'http://default-profile:4566',
  },
  {
    name: 'the default profile otherwise',
    service: 'STS',
    env: {},
    expected: 'http://default-profile:4566',
  },
  {
    name: 'a profile the file does not have: AWS',
    service: 'STS',
    env: {},
    profile: 'absent',
  },
  {
    name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the variables and the profile',
    service: 'S3 Control',
    env: {
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      AWS_ENDPOINT_URL_S3_CONTROL: S3_CONTROL_ENV,
      AWS_ENDPOINT_URL: GLOBAL,
    },
    profile: 'sandbox',
  },
  {
    name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true leaves the option',
    service: 'S3 Control',
    env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: GLOBAL },
    option: OPTION,
    expected: OPTION,
  },
  {
    name: "the profile's ignore_configured_endpoint_urls = true ignores them too",
    service: 'EC2',
    env: { AWS_ENDPOINT_URL: GLOBAL },
    profile: 'ignoring',
  },
  {
    name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false overrides the profile's flag",
    service: 'EC2',
    env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false', AWS_ENDPOINT_URL: GLOBAL },
    profile: 'ignoring',
    expected: GLOBAL,
  },
];

const inputs = (env: Env, options: { profile?: string; endpointUrl?: string } = {}, text = CONFIG) =>
  endpointInputs({ HOME: '/home/someone', ...env }, options, () => text);

describe('resolveEndpoint precedence', () => {
  it.each(cases)('$name', ({ service, env, profile, option, expected, from }) => {
    const resolved = resolveEndpoint(
      service,
      inputs(env, { ...(profile ? { profile } : {}), ...(option ? { endpointUrl: option } : {}) }),
    );
    expect(resolved?.url).toBe(expected);
    if (from) expect(resolved?.from).toBe(from);
  });

  it('reads AWS_CONFIG_FILE, else ~/.aws/config; a missing file is an empty one', () => {
    const read: string[] = [];
    const reader = (path: string) => {
      read.push(path);
      return CONFIG;
    };
    endpointInputs({ HOME: '/h', AWS_CONFIG_FILE: '/etc/aws.ini' }, {}, reader);
    endpointInputs({ HOME: '/h', AWS_CONFIG_FILE: '~/other' }, {}, reader);
    endpointInputs({ HOME: '/h' }, {}, reader);
    expect(read).toEqual(['/etc/aws.ini', '/h/other', '/h/.aws/config']);
    const missing = endpointInputs({ HOME: '/h' }, {}, () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    });
    expect(resolveEndpoint('STS', missing)).toBeUndefined();
  });

  it('parses the file as the SDK does: [profile default] over [default], nested service keys', () => {
    const config = parseSharedConfig(
      [
        '[profile default]',
        'endpoint_url = http://a:1',
        '[default]',
        'endpoint_url = http://b:1',
        '[services x]',
        'S3 =',
        '  endpoint_url = http://c:1 # comment',
        'sts =',
        '  endpoint_url = http://d:1',
        'top = 1',
        '[sso-session s]',
        'sso_region = us-east-1',
      ].join('\n'),
    );
    expect(config.profiles.default?.endpoint_url).toBe('http://a:1');
    expect({ ...config.services.x }).toEqual({
      'S3.endpoint_url': 'http://c:1',
      'sts.endpoint_url': 'http://d:1',
      top: '1',
    });
  });

  it("names each client's variable and config key from its SDK service id", () => {
    expect(Object.values(SDK_SERVICE_IDS).map(endpointEnvVar)).toEqual(
      expect.arrayContaining([
        'AWS_ENDPOINT_URL_S3_CONTROL',
        'AWS_ENDPOINT_URL_SSO_ADMIN',
        'AWS_ENDPOINT_URL_ORGANIZATIONS',
        'AWS_ENDPOINT_URL_STS',
        'AWS_ENDPOINT_URL_SQS',
        'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
        'AWS_ENDPOINT_URL_CONFIG_SERVICE',
        'AWS_ENDPOINT_URL_ACCESSANALYZER',
      ]),
    );
    expect(serviceConfigKey('Elastic Load Balancing v2')).toBe('elastic_load_balancing_v2');
  });

  it("SDK_SERVICE_IDS are the service ids of the factory's own clients", () => {
    const factory = new ClientFactory({ region: 'us-east-1', endpoint: 'http://x:1' });
    const clients = [
      factory.organizations(),
      factory.iam(),
      factory.accountManagement(),
      factory.sts(),
      factory.ssoAdmin(),
      factory.identityStore(),
      factory.cloudTrail(),
      factory.config(),
      factory.guardDuty(),
      factory.securityHub(),
      factory.accessAnalyzer(),
      factory.ec2(),
      factory.elbv2(),
      factory.lambda(),
      factory.rds(),
      factory.s3(),
      factory.s3Control(),
      factory.sqs(),
      factory.cloudFormation(),
      factory.kms(),
      factory.sns(),
      factory.support(),
      factory.costExplorer(),
      factory.budgets(),
    ];
    const ids = clients.map((c) => (c.config as { serviceId: string }).serviceId).sort();
    expect(ids).toEqual(Object.values(SDK_SERVICE_IDS).sort());
  });
});

describe('an endpoint URL without a scheme', () => {
  const error = (fn: () => unknown): UsageError => {
    try {
      fn();
    } catch (e) {
      return e as UsageError;
    }
    throw new Error('expected a usage error');
  };

  it.each([
    [
      'AWS_ENDPOINT_URL',
      { AWS_ENDPOINT_URL: '127.0.0.1:4566' },
      {},
      'AWS_ENDPOINT_URL=http://127.0.0.1:4566',
    ],
    [
      'AWS_ENDPOINT_URL_S3_CONTROL',
      { AWS_ENDPOINT_URL_S3_CONTROL: 'localhost:4566' },
      {},
      'AWS_ENDPOINT_URL_S3_CONTROL=http://localhost:4566',
    ],
    ['--endpoint-url', {}, { endpointUrl: '127.0.0.1:4566' }, '--endpoint-url http://127.0.0.1:4566'],
  ])('from %s is a usage error when the target is built', (source, env, options, suggestion) => {
    const e = error(() => awsTargetFrom(options, { HOME: '/nonexistent', ...env }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain(source);
    expect(e.message).toMatch(/"(127\.0\.0\.1|localhost):4566"/);
    expect(e.message).toContain('no scheme');
    expect(e.hint).toContain(suggestion);
  });

  it('from the config file names the profile and the file', () => {
    const e = error(() =>
      resolveEndpoint('STS', inputs({}, {}, '[default]\nendpoint_url = 127.0.0.1:4566\n')),
    );
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe(
      `endpoint_url in profile "default" of ${CONFIG_FILE} is "127.0.0.1:4566", which is not an endpoint URL (it has no scheme)`,
    );
    expect(e.hint).toContain('endpoint_url = http://127.0.0.1:4566');
  });

  it('a flag that is neither true nor false is a usage error', () => {
    const e = error(() =>
      resolveEndpoint(
        'STS',
        inputs({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'yes', AWS_ENDPOINT_URL: GLOBAL }),
      ),
    );
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toContain('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS');
  });
});

describe('through the real SDK, with the endpoint from AWS_ENDPOINT_URL only', () => {
  const OWNER = '222222222222';
  const ALL_FOUR: PublicAccessBlockConfiguration = {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  };

  it('S3 Control and SQS (with an AWS queue URL) reach the sandbox', async () => {
    const sandbox = new Sandbox();
    const server = await listen(sandbox, 0);
    try {
      const target = awsTargetFrom(
        { region: 'us-east-1' },
        { AWS_ENDPOINT_URL: server.url, AWS_CONFIG_FILE: '/nonexistent/orgward-test-config' },
      );
      expect(target.endpoint).toBeUndefined();
      // a 12-digit access key id acts as that account's administrator in the sandbox
      const factory = new ClientFactory(
        { ...target, credentials: { accessKeyId: OWNER, secretAccessKey: 'secret' } },
        { retry: { maxAttempts: 1 } },
      );

      // S3 Control would otherwise go to `222222222222.127.0.0.1`
      const control = factory.s3Control();
      await control.send(
        new PutPublicAccessBlockCommand({ AccountId: OWNER, PublicAccessBlockConfiguration: ALL_FOUR }),
      );
      const block = await control.send(new GetPublicAccessBlockCommand({ AccountId: OWNER }));
      expect(block.PublicAccessBlockConfiguration).toEqual(ALL_FOUR);

      // SQS would otherwise send to the queue URL's host, sqs.us-east-1.amazonaws.com
      const sqs = factory.sqs('us-east-1');
      const queueUrl = `https://sqs.us-east-1.amazonaws.com/${OWNER}/orders`;
      const created = await sqs.send(
        new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '45' } }),
      );
      expect(created.QueueUrl).toBe(queueUrl);
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }),
      );
      expect(attributes.Attributes?.VisibilityTimeout).toBe('45');

      // factories for other principals (the root tasks' sessions) get the same endpoints
      const root = factory.assumeRoot(OWNER, ROOT_TASK_POLICIES.sqsUnlockQueuePolicy);
      expect(root.endpointOf('sqs')).toBe(server.url);
      expect(root.endpointOf('s3control')).toBe(server.url);
      expect(factory.stats.snapshot().calls).toBe(4);
    } finally {
      await server.close();
    }
  });
});
