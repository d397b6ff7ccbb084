/** The same GuardDuty scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  CreateDetectorCommand,
  CreateFilterCommand,
  DeleteDetectorCommand,
  DeleteFilterCommand,
  GetDetectorCommand,
  GetFilterCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFiltersCommand,
  UpdateDetectorCommand,
  UpdateFilterCommand,
} from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('GuardDuty conformance on %s', (name) => {
  let target: Target;
  const isMoto = name === 'moto';
  const client = () => new GuardDutyClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('keeps one detector per account and region', async () => {
    const gd = client();
    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true }));
    expect((await gd.send(new ListDetectorsCommand({}))).DetectorIds).toEqual([DetectorId]);
    // moto allows a second detector; AWS refuses it
    if (!isMoto)
      expect((await failure(gd.send(new CreateDetectorCommand({ Enable: true })))).name).toBe(
        'BadRequestException',
      );
    await gd.send(new UpdateDetectorCommand({ DetectorId, Enable: false }));
    expect((await gd.send(new GetDetectorCommand({ DetectorId }))).Status).toBe('DISABLED');
    await gd.send(new DeleteDetectorCommand({ DetectorId }));
    expect((await failure(gd.send(new GetDetectorCommand({ DetectorId })))).name).toBe('BadRequestException');
  });

  it('creates, reads, updates and deletes a filter', async () => {
    const gd = client();
    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true }));
    const FindingCriteria = {
      Criterion: { type: { Equals: ['Recon:EC2/Portscan'] }, severity: { GreaterThanOrEqual: 4 } },
    };
    const created = await gd.send(
      new CreateFilterCommand({
        DetectorId,
        Name: 'port-scans',
        Action: 'ARCHIVE',
        Rank: 1,
        FindingCriteria,
      }),
    );
    expect(created.Name).toBe('port-scans');
    const filter = await gd.send(new GetFilterCommand({ DetectorId, FilterName: 'port-scans' }));
    expect(filter).toMatchObject({ Name: 'port-scans', Action: 'ARCHIVE', Rank: 1, FindingCriteria });
    // moto does not serve ListFilters
    if (!isMoto)
      expect((await gd.send(new ListFiltersCommand({ DetectorId }))).FilterNames).toEqual(['port-scans']);
    await gd.send(
      new UpdateFilterCommand({ DetectorId, FilterName: 'port-scans', Action: 'NOOP', Description: 'seen' }),
    );
    expect(await gd.send(new GetFilterCommand({ DetectorId, FilterName: 'port-scans' }))).toMatchObject({
      Action: 'NOOP',
      Description: 'seen',
      FindingCriteria,
    });
    await gd.send(new DeleteFilterCommand({ DetectorId, FilterName: 'port-scans' }));
    const gone = await failure(gd.send(new GetFilterCommand({ DetectorId, FilterName: 'port-scans' })));
    expect(gone).toMatchObject({
      name: 'BadRequestException',
      message: 'The request is rejected since no such resource found.',
    });
    // moto deletes an unknown filter without complaint and accepts a duplicate name; AWS refuses both
    if (!isMoto) {
      expect(
        (await failure(gd.send(new DeleteFilterCommand({ DetectorId, FilterName: 'port-scans' })))).name,
      ).toBe('BadRequestException');
      await gd.send(new CreateFilterCommand({ DetectorId, Name: 'twice', FindingCriteria }));
      expect(
        (await failure(gd.send(new CreateFilterCommand({ DetectorId, Name: 'twice', FindingCriteria }))))
          .name,
      ).toBe('BadRequestException');
    }
  });
});
