/** IAM Access Analyzer through the SDK: account and organization analyzers, seeding. */
import {
  AccessAnalyzerClient,
  CreateAnalyzerCommand,
  DeleteAnalyzerCommand,
  GetAnalyzerCommand,
  ListAnalyzersCommand,
} from '@aws-sdk/client-accessanalyzer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const SECURITY = '333333333333';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Access Analyzer over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new AccessAnalyzerClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(target.sandbox!.world, {
      managementAccountId: MGMT,
      memberIds: [MEMBER, SECURITY],
      trustedServices: ['access-analyzer.amazonaws.com'],
      delegatedAdmins: [{ accountId: SECURITY, servicePrincipal: 'access-analyzer.amazonaws.com' }],
    });
  });

  it('creates, lists, reads and deletes account analyzers', async () => {
    const aa = client(MEMBER);
    const { arn } = await aa.send(new CreateAnalyzerCommand({ analyzerName: 'mine', type: 'ACCOUNT' }));
    expect(arn).toBe(`arn:aws:access-analyzer:us-east-1:${MEMBER}:analyzer/mine`);
    expect(
      (await failure(aa.send(new CreateAnalyzerCommand({ analyzerName: 'mine', type: 'ACCOUNT' })))).name,
    ).toBe('ConflictException');
    const got = (await aa.send(new GetAnalyzerCommand({ analyzerName: 'mine' }))).analyzer!;
    expect(got).toMatchObject({ name: 'mine', type: 'ACCOUNT', status: 'ACTIVE' });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect((await aa.send(new ListAnalyzersCommand({ type: 'ORGANIZATION' }))).analyzers).toEqual([]);
    await aa.send(new DeleteAnalyzerCommand({ analyzerName: 'mine' }));
    expect((await failure(aa.send(new GetAnalyzerCommand({ analyzerName: 'mine' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('creates organization analyzers only from the management account or delegated admin', async () => {
    expect(
      (
        await failure(
          client(MEMBER).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })),
        )
      ).name,
    ).toBe('AccessDeniedException');
    await client(SECURITY).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    await client(MGMT).send(
      new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ORGANIZATION_UNUSED_ACCESS' }),
    );
    const listed = (await client(SECURITY).send(new ListAnalyzersCommand({ type: 'ORGANIZATION' })))
      .analyzers!;
    expect(listed.map((a) => [a.name, a.status])).toEqual([['org', 'ACTIVE']]);
    const unused = (await client(MGMT).send(new GetAnalyzerCommand({ analyzerName: 'unused' }))).analyzer!;
    expect(unused.configuration).toEqual({ unusedAccess: { unusedAccessAge: 90 } });
  });

  it('seeds analyzers', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [SECURITY]: { regions: { 'eu-west-1': { analyzers: [{ name: 'org', type: 'ORGANIZATION' }] } } },
        },
      },
      new Date(),
    );
    const listed = (await client(SECURITY, 'eu-west-1').send(new ListAnalyzersCommand({}))).analyzers!;
    expect(listed.map((a) => a.type)).toEqual(['ORGANIZATION']);
  });
});
