/**
 * Support on the sandbox only: moto_server serves no AWS Support API (see SPEC.md), so the moto run
 * is skipped with a visible message.
 */
import { DescribeSeverityLevelsCommand, SupportClient } from '@aws-sdk/client-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

const targets = conformanceTargets.filter((t) => t !== 'moto');

describe.each<TargetName>(targets)('Support conformance on %s', (name) => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(async () => {
    // SubscriptionRequiredException is AWS's answer but not in the Support model (SPEC.md)
    expect(target.modelIssues().filter((i) => !i.includes('SubscriptionRequiredException'))).toEqual([]);
    try {
      await target.close();
    } catch {
      // the tolerated issue above
    }
  });

  it('refuses the Basic plan', async () => {
    const support = new SupportClient({ ...target.config(), maxAttempts: 1 });
    expect((await failure(support.send(new DescribeSeverityLevelsCommand({})))).name).toBe(
      'SubscriptionRequiredException',
    );
  });
});

describe.runIf(conformanceTargets.includes('moto'))('Support conformance on moto', () => {
  it.skip('skipped: moto_server has no Support API (SPEC.md)', () => undefined);
});
