/** The same Security Hub scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  DescribeHubCommand,
  DisableSecurityHubCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('Security Hub conformance on %s', (name) => {
  let target: Target;
  const isMoto = name === 'moto';
  const client = () => new SecurityHubClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('enables, describes and disables the hub', async () => {
    const sh = client();
    expect((await failure(sh.send(new DescribeHubCommand({})))).name).toBe(
      isMoto ? 'InvalidAccessException' : 'InvalidAccessException',
    );
    await sh.send(new EnableSecurityHubCommand({ EnableDefaultStandards: true }));
    const hub = await sh.send(new DescribeHubCommand({}));
    expect(hub.HubArn).toBe('arn:aws:securityhub:us-east-1:123456789012:hub/default');
    // moto does not subscribe the default standards
    if (!isMoto)
      expect((await sh.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions!.length).toBe(2);
    await sh.send(new DisableSecurityHubCommand({}));
    expect((await failure(sh.send(new DescribeHubCommand({})))).name).toBe('InvalidAccessException');
  });
});
