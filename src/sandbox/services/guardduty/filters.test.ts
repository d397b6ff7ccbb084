/** GuardDuty filters through the SDK: create, read, list, update, delete, ranks and errors. */
import {
  CreateDetectorCommand,
  CreateFilterCommand,
  DeleteDetectorCommand,
  DeleteFilterCommand,
  GetFilterCommand,
  GuardDutyClient,
  ListFiltersCommand,
  UpdateFilterCommand,
  type FindingCriteria,
} from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { MAX_FILTERS } from './filters.js';

const ACCOUNT = '222222222222';
const CRITERIA: FindingCriteria = { Criterion: { severity: { GreaterThanOrEqual: 4 } } };

describe.each<TargetName>(['sandbox', 'sandbox-http'])('GuardDuty filters over %s', (name) => {
  let target: Target;
  let gd: GuardDutyClient;
  let DetectorId: string;
  const names = async (Filters: { MaxResults?: number; NextToken?: string } = {}) =>
    gd.send(new ListFiltersCommand({ DetectorId, ...Filters }));
  const rankOf = async (FilterName: string) =>
    (await gd.send(new GetFilterCommand({ DetectorId, FilterName }))).Rank;
  const create = (Name: string, extra: { Rank?: number } = {}) =>
    gd.send(new CreateFilterCommand({ DetectorId, Name, FindingCriteria: CRITERIA, ...extra }));
  const errorOf = async (promise: Promise<unknown>) => {
    const error = await failure(promise);
    return { name: error.name, message: error.message };
  };

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    gd = new GuardDutyClient({ ...target.config({ accessKeyId: ACCOUNT }), maxAttempts: 1 });
    DetectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  });

  it('creates a filter and reads it back, short condition keys spelt long', async () => {
    const { Name } = await gd.send(
      new CreateFilterCommand({
        DetectorId,
        Name: 'archive-low.severity_1',
        Description: 'Low severity port probes',
        Action: 'ARCHIVE',
        FindingCriteria: {
          Criterion: {
            type: { Eq: ['Recon:EC2/PortProbeUnprotectedPort', 'Recon:EC2/Portscan'] },
            severity: { Gte: 1, LessThan: 4 },
            'resource.instanceDetails.tags.key': { NotEquals: ['keep'], Matches: ['team-*'] },
            updatedAt: { GreaterThanOrEqual: 1486685375000 },
          },
        },
        Tags: { team: 'security' },
      }),
    );
    expect(Name).toBe('archive-low.severity_1');
    const filter = await gd.send(new GetFilterCommand({ DetectorId, FilterName: Name }));
    expect(filter).toMatchObject({
      Name,
      Description: 'Low severity port probes',
      Action: 'ARCHIVE',
      Rank: 1,
      Tags: { team: 'security' },
    });
    expect(filter.FindingCriteria).toEqual({
      Criterion: {
        type: { Equals: ['Recon:EC2/PortProbeUnprotectedPort', 'Recon:EC2/Portscan'] },
        severity: { GreaterThanOrEqual: 1, LessThan: 4 },
        'resource.instanceDetails.tags.key': { NotEquals: ['keep'], Matches: ['team-*'] },
        updatedAt: { GreaterThanOrEqual: 1486685375000 },
      },
    });
  });

  it('defaults the action to NOOP and the rank to after the existing filters', async () => {
    await create('first');
    await create('second');
    await create('third');
    const second = await gd.send(new GetFilterCommand({ DetectorId, FilterName: 'second' }));
    expect(second).toMatchObject({ Action: 'NOOP', Rank: 2 });
    expect((await names()).FilterNames).toEqual(['first', 'second', 'third']);
    // a filter placed at a rank pushes the ones from that rank down
    await create('urgent', { Rank: 1 });
    expect((await names()).FilterNames).toEqual(['urgent', 'first', 'second', 'third']);
    expect(await rankOf('third')).toBe(4);
    // ranks have no gaps
    expect(await errorOf(create('far', { Rank: 6 }))).toEqual({
      name: 'BadRequestException',
      message: 'The request is rejected because the parameter rank is out-of-bounds.',
    });
    expect((await errorOf(create('zero', { Rank: 0 }))).name).toBe('BadRequestException');
  });

  it('pages the filter names', async () => {
    for (let i = 0; i < 7; i++) await create(`filter-${i}`);
    const first = await names({ MaxResults: 3 });
    expect(first.FilterNames).toEqual(['filter-0', 'filter-1', 'filter-2']);
    const second = await names({ MaxResults: 3, NextToken: first.NextToken });
    expect(second.FilterNames).toEqual(['filter-3', 'filter-4', 'filter-5']);
    const last = await names({ MaxResults: 3, NextToken: second.NextToken });
    expect(last).toMatchObject({ FilterNames: ['filter-6'] });
    expect(last.NextToken).toBeUndefined();
    expect((await names()).FilterNames).toHaveLength(7);
    expect((await errorOf(names({ MaxResults: 51 }))).name).toBe('BadRequestException');
    expect((await errorOf(names({ NextToken: 'bogus' }))).name).toBe('BadRequestException');
  });

  it('updates the fields given and moves a filter to a new rank', async () => {
    await create('aaa');
    await create('bbb');
    await create('ccc');
    const { Name } = await gd.send(
      new UpdateFilterCommand({
        DetectorId,
        FilterName: 'ccc',
        Action: 'ARCHIVE',
        Rank: 1,
        FindingCriteria: { Criterion: { region: { Neq: ['us-east-1'] } } },
      }),
    );
    expect(Name).toBe('ccc');
    const ccc = await gd.send(new GetFilterCommand({ DetectorId, FilterName: 'ccc' }));
    expect(ccc).toMatchObject({
      Action: 'ARCHIVE',
      Rank: 1,
      FindingCriteria: { Criterion: { region: { NotEquals: ['us-east-1'] } } },
    });
    expect((await names()).FilterNames).toEqual(['ccc', 'aaa', 'bbb']);
    await gd.send(new UpdateFilterCommand({ DetectorId, FilterName: 'aaa', Description: 'kept' }));
    const aaa = await gd.send(new GetFilterCommand({ DetectorId, FilterName: 'aaa' }));
    expect(aaa).toMatchObject({ Description: 'kept', Action: 'NOOP', Rank: 2, FindingCriteria: CRITERIA });
    expect(
      (await errorOf(gd.send(new UpdateFilterCommand({ DetectorId, FilterName: 'aaa', Rank: 4 })))).message,
    ).toContain('out-of-bounds');
  });

  it('deletes a filter and closes the ranks up', async () => {
    await create('aaa');
    await create('bbb');
    await gd.send(new DeleteFilterCommand({ DetectorId, FilterName: 'aaa' }));
    expect((await names()).FilterNames).toEqual(['bbb']);
    expect(await rankOf('bbb')).toBe(1);
    const gone = await errorOf(gd.send(new GetFilterCommand({ DetectorId, FilterName: 'aaa' })));
    expect(gone).toEqual({
      name: 'BadRequestException',
      message: 'The request is rejected since no such resource found.',
    });
    expect(await errorOf(gd.send(new DeleteFilterCommand({ DetectorId, FilterName: 'aaa' })))).toEqual(gone);
    const update = new UpdateFilterCommand({ DetectorId, FilterName: 'aaa', Action: 'ARCHIVE' });
    expect(await errorOf(gd.send(update))).toEqual(gone);
  });

  it('refuses duplicate and malformed names, bad criteria and unknown detectors', async () => {
    await create('taken');
    const duplicate = await errorOf(create('taken'));
    expect(duplicate.name).toBe('BadRequestException');
    expect(duplicate.message).toContain('already exists');
    for (const bad of ['ab', 'has space', 'slash/name', 'x'.repeat(65)])
      expect((await errorOf(create(bad))).name, bad).toBe('BadRequestException');
    const long = { DetectorId, Name: 'long', FindingCriteria: CRITERIA, Description: 'd'.repeat(513) };
    expect((await errorOf(gd.send(new CreateFilterCommand(long)))).name).toBe('BadRequestException');
    const tooMany = { Criterion: { type: { Equals: Array.from({ length: 51 }, (_, i) => `t${i}`) } } };
    expect(
      (
        await errorOf(
          gd.send(new CreateFilterCommand({ DetectorId, Name: 'many', FindingCriteria: tooMany })),
        )
      ).name,
    ).toBe('BadRequestException');
    const other = 'f'.repeat(32);
    const unknown = await errorOf(gd.send(new ListFiltersCommand({ DetectorId: other })));
    expect(unknown).toEqual({
      name: 'BadRequestException',
      message: `The request is rejected because the input detectorId ${other} is not owned by the current account.`,
    });
    expect(await errorOf(gd.send(new GetFilterCommand({ DetectorId: other, FilterName: 'taken' })))).toEqual(
      unknown,
    );
    expect((await names()).FilterNames).toEqual(['taken']);
  });

  it(`holds at most ${MAX_FILTERS} filters per account and region`, async () => {
    for (let i = 0; i < MAX_FILTERS; i++) await create(`filter-${i}`);
    const refused = await errorOf(create('one-more'));
    expect(refused.name).toBe('BadRequestException');
    expect(refused.message).toContain(`${MAX_FILTERS}`);
  });

  it('drops the filters with their detector', async () => {
    await create('aaa');
    await gd.send(new DeleteDetectorCommand({ DetectorId }));
    DetectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
    expect((await names()).FilterNames).toEqual([]);
  });
});
