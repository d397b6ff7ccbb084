/** The same Account Management scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  AccountClient,
  DeleteAlternateContactCommand,
  GetAlternateContactCommand,
  PutAlternateContactCommand,
} from '@aws-sdk/client-account';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('Account Management conformance on %s', (name) => {
  let target: Target;
  const client = () => new AccountClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('puts, reads and deletes the security contact', async () => {
    const account = client();
    const contact = { Name: 'Sec', Title: 'CISO', EmailAddress: 'sec@example.com', PhoneNumber: '+15550100' };
    await account.send(new PutAlternateContactCommand({ ...contact, AlternateContactType: 'SECURITY' }));
    const got = await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    expect(got.AlternateContact).toMatchObject(contact);
    await account.send(new DeleteAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    expect(
      (await failure(account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))))
        .name,
    ).toBe('ResourceNotFoundException');
  });
});
