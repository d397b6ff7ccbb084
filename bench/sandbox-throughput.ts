/**
 * How many requests per second the sandbox serves on one core: the core alone, through the AWS SDK in
 * process, and through the AWS SDK over HTTP. Throttling is off, as in tests that do not ask for it.
 */
import {
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
} from '@aws-sdk/client-organizations';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { Sandbox, listen, sandboxRequestHandler } from '../src/sandbox/index.js';
import { mapLimit } from '../src/util/pool.js';

export interface ThroughputRow {
  path: string;
  operation: string;
  requests: number;
  seconds: number;
  perSecond: number;
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

async function timed(
  path: string,
  operation: string,
  requests: number,
  run: () => Promise<void>,
): Promise<ThroughputRow> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { path, operation, requests, seconds, perSecond: requests / seconds };
}

export async function sandboxThroughput(): Promise<ThroughputRow[]> {
  const sandbox = new Sandbox();
  const inProcess = {
    region: 'us-east-1',
    endpoint: 'http://sandbox.local',
    credentials,
    requestHandler: sandboxRequestHandler(sandbox),
  };
  const orgs = new OrganizationsClient(inProcess);
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;

  const rows: ThroughputRow[] = [];
  const rawRequest = {
    method: 'POST',
    path: '/',
    query: {},
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSOrganizationsV20161128.DescribeOrganization',
      authorization:
        'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: Buffer.from('{}'),
  };
  const rawCount = 50_000;
  rows.push(
    await timed('sandbox core (no SDK)', 'DescribeOrganization', rawCount, async () => {
      for (let i = 0; i < rawCount; i++) await sandbox.handle(rawRequest);
    }),
  );

  const sdkCount = 10_000;
  rows.push(
    await timed('AWS SDK, in process', 'DescribeOrganization', sdkCount, async () => {
      await mapLimit(Array.from({ length: sdkCount }), 16, () =>
        orgs.send(new DescribeOrganizationCommand({})).then(() => undefined),
      );
    }),
  );

  const iam = new IAMClient({ ...inProcess, region: 'us-east-1' });
  rows.push(
    await timed('AWS SDK, in process', 'IAM ListUsers (awsQuery/XML)', sdkCount, async () => {
      await mapLimit(Array.from({ length: sdkCount }), 16, () =>
        iam.send(new ListUsersCommand({})).then(() => undefined),
      );
    }),
  );

  // 1,000 accounts under the root: ListAccountsForParent pages of 20
  const world = sandbox.world;
  const org = Object.values(world.organizations)[0]!;
  for (let i = 0; i < 1000; i++) {
    const id = String(300000000000 + i);
    world.accounts[id] = {
      ...structuredClone(world.accounts[org.managementAccountId]!),
      id,
      name: `acct-${i}`,
      email: `a${i}@example.com`,
      organizationId: org.id,
    };
    org.members[id] = {
      accountId: id,
      parentId: rootId,
      joinedMethod: 'CREATED',
      joinedTimestamp: new Date().toISOString(),
      state: 'ACTIVE',
      tags: [],
    };
  }
  let pages = 0;
  const walk = await timed(
    'AWS SDK, in process',
    'ListAccountsForParent (1,000 accounts, pages of 20)',
    0,
    async () => {
      for (let round = 0; round < 20; round++) {
        for await (const _page of paginateListAccountsForParent({ client: orgs }, { ParentId: rootId }))
          pages++;
      }
    },
  );
  rows.push({ ...walk, requests: pages, perSecond: pages / walk.seconds });

  const server = await listen(sandbox, 0);
  try {
    const http = new OrganizationsClient({ region: 'us-east-1', endpoint: server.url, credentials });
    const httpCount = 5_000;
    rows.push(
      await timed('AWS SDK over HTTP (127.0.0.1)', 'DescribeOrganization', httpCount, async () => {
        await mapLimit(Array.from({ length: httpCount }), 16, () =>
          http.send(new DescribeOrganizationCommand({})).then(() => undefined),
        );
      }),
    );
    http.destroy();
  } finally {
    await server.close();
  }
  return rows;
}
