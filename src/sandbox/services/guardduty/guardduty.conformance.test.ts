/** The same GuardDuty scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  CreateDetectorCommand,
  DeleteDetectorCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
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
});
