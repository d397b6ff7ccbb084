/** AWS Support through the SDK: severity levels by support plan. */
import { DescribeSeverityLevelsCommand, SupportClient } from '@aws-sdk/client-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Support over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string) =>
    new SupportClient({ ...target.config({ accessKeyId, region: 'us-east-1' }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(async () => {
    // SubscriptionRequiredException is what AWS answers on the Basic plan, but the Support model does
    // not list it; until test/support/service-model.ts knows it, it is the one tolerated model issue.
    const issues = target.modelIssues().filter((i) => !i.includes('SubscriptionRequiredException'));
    expect(issues).toEqual([]);
    try {
      await target.close();
    } catch {
      // the tolerated issue above
    }
  });
  beforeEach(() => target.reset());

  it('refuses accounts on the Basic plan', async () => {
    const error = await failure(client('222222222222').send(new DescribeSeverityLevelsCommand({})));
    expect(error.name).toBe('SubscriptionRequiredException');
  });

  it('lists the severity levels of the account plan', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          '222222222222': { supportPlan: 'BUSINESS' },
          '333333333333': { supportPlan: 'ENTERPRISE' },
        },
      },
      new Date(),
    );
    const business = await client('222222222222').send(new DescribeSeverityLevelsCommand({}));
    expect(business.severityLevels!.map((l) => l.code)).toEqual(['low', 'normal', 'high', 'urgent']);
    const enterprise = await client('333333333333').send(
      new DescribeSeverityLevelsCommand({ language: 'en' }),
    );
    expect(enterprise.severityLevels!.map((l) => l.code)).toContain('critical');
  });
});
