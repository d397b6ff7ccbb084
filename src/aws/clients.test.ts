/**
 * The one retry / rate-limit / counting layer, against the sandbox's AWS-like throttling and injected
 * faults, through the real SDK clients.
 */
import {
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import {
  EnableOrganizationsRootCredentialsManagementCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountAndWait } from '../apply/create-account.js';
import { inProcessTarget, type Target } from '../../test/support/targets.js';
import { AwsCallError } from '../errors/index.js';
import { VirtualClock } from '../sandbox/virtual-clock.js';
import { ClientFactory, ROOT_TASK_POLICIES } from './clients.js';
import { RateLimiter } from './rate-limiter.js';

const TIME_SCALE = 20;
const fastRetry = { baseMs: 2, throttlingBaseMs: 5, capMs: 50 };

/**
 * Every test here runs on a VirtualClock shared by the sandbox (throttle buckets) and the factory
 * (limiter, back-off): waits are timers on that clock, so what is asserted about pacing and back-off
 * holds whatever the machine's load, and no test waits in real time.
 */
describe('ClientFactory call layer', () => {
  let target: Target;
  let clock: VirtualClock;
  beforeEach(async () => {
    clock = new VirtualClock();
    target = inProcessTarget({}, clock);
    await new OrganizationsClient(target.config()).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  });
  afterEach(() => target.close());

  const factoryFor = (options: ConstructorParameters<typeof ClientFactory>[1] = {}) =>
    new ClientFactory(target.config(), {
      sleep: clock.sleep,
      limiter: new RateLimiter(clock.sleep, clock.now, options.rateScale ?? 1),
      ...options,
    });

  it('the sandbox throttles a burst above the documented rate (raw SDK, no retries)', async () => {
    target.sandbox!.configure({ throttling: { enabled: true, timeScale: 1 } });
    const raw = new OrganizationsClient({ ...target.config(), maxAttempts: 1 });
    const started = clock.now();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => raw.send(new DescribeOrganizationCommand({}))),
    );
    const throttled = results.filter(
      (r) => r.status === 'rejected' && (r.reason as Error).name === 'TooManyRequestsException',
    );
    // burst 10, then 5/s: of an instant burst of 30 (no time passes on the clock), the burst gets
    // through and every other call is refused
    expect(clock.now()).toBe(started);
    expect(throttled).toHaveLength(20);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    // the bucket refills at 5/s: one simulated second later five more get through, the sixth not
    await clock.sleep(1000);
    const later = await Promise.allSettled(
      Array.from({ length: 6 }, () => raw.send(new DescribeOrganizationCommand({}))),
    );
    expect(later.map((r) => r.status)).toEqual([...Array<string>(5).fill('fulfilled'), 'rejected']);
  });

  it('paces under the limit instead of being throttled, and counts every call', async () => {
    target.sandbox!.configure({ throttling: { enabled: true, timeScale: TIME_SCALE } });
    const factory = factoryFor({ rateScale: TIME_SCALE, retry: fastRetry });
    const orgs = factory.organizations();
    const started = clock.now();
    await Promise.all(Array.from({ length: 40 }, () => orgs.send(new DescribeOrganizationCommand({}))));
    expect(target.sandbox!.stats.snapshot().throttled).toBe(0);
    const stats = factory.stats.snapshot();
    expect(stats.calls).toBe(40);
    expect(stats.byOperation['organizations:DescribeOrganization']).toBe(40);
    expect(stats.retried).toBe(0);
    // The client bucket refills at AWS's 5/s after a burst of 9 (time-scaled ×20): 9 go at once, the
    // k-th of the other 31 waits k / (5 × 20) s, so the 40 calls take 31 / 100 s of (simulated) time.
    const perSecond = 5 * TIME_SCALE;
    // (to 0.01 ms: the clock holds epoch milliseconds, whose doubles are exact to ~0.0002 ms)
    expect(clock.now() - started).toBeCloseTo((31 / perSecond) * 1000, 2);
    expect(factory.limiter.totalWaitMs).toBeCloseTo(((31 * 32) / 2 / perSecond) * 1000, 6);
  });

  it('retries throttling, 500s and concurrent modification, and creates nothing twice', async () => {
    target.sandbox!.faults.configure({
      seed: 3,
      throttle: 0.25,
      internalError: 0.1,
      concurrentModification: 0.15,
    });
    const factory = factoryFor({ retry: fastRetry });
    const orgs = factory.organizations();
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    for (let i = 0; i < 12; i++) {
      await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `team-${i}` }));
    }
    target.sandbox!.faults.configure({});
    const names: string[] = [];
    for await (const page of paginateListOrganizationalUnitsForParent(
      { client: orgs },
      { ParentId: rootId },
    )) {
      names.push(...(page.OrganizationalUnits ?? []).map((ou) => ou.Name!));
    }
    expect(names.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `team-${i}`).sort());
    const stats = factory.stats.snapshot();
    expect(stats.retried).toBeGreaterThan(0);
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.calls).toBe(stats.retried + 1 + 12 + Math.ceil(12 / 20));
  });

  it('gives up on errors not worth retrying, naming the call', async () => {
    const factory = factoryFor({ retry: fastRetry });
    const error = await factory
      .organizations()
      .send(new CreateOrganizationalUnitCommand({ ParentId: 'r-nope', Name: 'x' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).awsCode).toBe('ParentNotFoundException');
    expect((error as AwsCallError).message).toMatch(
      /^organizations:CreateOrganizationalUnit \(us-east-1\) failed: ParentNotFoundException/,
    );
    expect(factory.stats.snapshot()).toMatchObject({ calls: 1, retried: 0 });
  });

  it('retries throttling for a time budget, not a count, backing off exponentially', async () => {
    target.sandbox!.faults.configure({ throttle: 1 });
    const sleeps: number[] = [];
    const factory = factoryFor({
      retry: { ...fastRetry, maxAttempts: 4, budgetMs: 100 },
      random: () => 1, // the top of the full-jitter range
      sleep: (ms) => (sleeps.push(ms), clock.sleep(ms)),
    });
    const started = clock.now();
    const error = await factory
      .organizations()
      .send(new DescribeOrganizationCommand({}))
      .catch((e: unknown) => e);
    expect((error as AwsCallError).awsCode).toBe('TooManyRequestsException');
    // throttlingBaseMs 5, doubling per attempt, capped at 50: past maxAttempts (4), until 100 ms are spent
    expect(sleeps).toEqual([5, 10, 20, 40, 50]);
    expect(factory.stats.snapshot()).toMatchObject({ calls: 6, retried: 5, throttled: 5 });
    expect(clock.now() - started).toBe(125);
  });

  it('stops transient failures after maxAttempts', async () => {
    target.sandbox!.faults.configure({ internalError: 1 });
    const sleeps: number[] = [];
    const factory = factoryFor({
      retry: { ...fastRetry, maxAttempts: 4, budgetMs: 10_000 },
      random: () => 1,
      sleep: (ms) => (sleeps.push(ms), clock.sleep(ms)),
    });
    const error = await factory
      .organizations()
      .send(new DescribeOrganizationCommand({}))
      .catch((e: unknown) => e);
    expect((error as AwsCallError).awsCode).toBe('ServiceException');
    expect(sleeps).toHaveLength(3);
    expect(factory.stats.snapshot()).toMatchObject({ calls: 4, retried: 3 });
  });
});

describe('ClientFactory in other accounts', () => {
  let target: Target;
  let factory: ClientFactory;
  let member: string;
  beforeEach(async () => {
    target = inProcessTarget();
    factory = new ClientFactory(target.config(), { retry: fastRetry });
    await factory.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    member = await createAccountAndWait(
      factory.organizations(),
      { name: 'Member', email: 'member@example.com' },
      { sleep: async () => {} },
    );
  });
  afterEach(() => target.close());

  it('assumes a role once, acts in the member account, and counts its calls there', async () => {
    const inMember = factory.assumeRole(member, 'OrganizationAccountAccessRole');
    expect(factory.assumeRole(member, 'OrganizationAccountAccessRole')).toBe(inMember);
    const [a, b] = await Promise.all([
      inMember.sts().send(new GetCallerIdentityCommand({})),
      inMember.iam().send(new GetAccountSummaryCommand({})),
    ]);
    expect(a.Account).toBe(member);
    expect(a.Arn).toMatch(/assumed-role\/OrganizationAccountAccessRole\/orgward$/);
    expect(b.SummaryMap).toBeDefined();
    await inMember.iam().send(new GetAccountSummaryCommand({}));
    const stats = factory.stats.snapshot();
    expect(stats.byOperation['sts:AssumeRole']).toBe(1);
    expect(stats.byAccount[member]).toBe(3);
  });

  it('forgets a released role (its clients and session go), and assumes it again when asked', async () => {
    const first = factory.assumeRole(member, 'OrganizationAccountAccessRole');
    await first.iam().send(new GetAccountSummaryCommand({}));
    factory.releaseRole(member, 'OrganizationAccountAccessRole');
    factory.releaseRole(member, 'NeverAssumed'); // nothing to forget: no error
    const second = factory.assumeRole(member, 'OrganizationAccountAccessRole');
    expect(second).not.toBe(first);
    await second.iam().send(new GetAccountSummaryCommand({}));
    expect(factory.stats.snapshot().byOperation['sts:AssumeRole']).toBe(2);
  });

  it('names the failed AssumeRole when the role does not exist', async () => {
    const error = await factory
      .assumeRole(member, 'NoSuchRole')
      .iam()
      .send(new GetAccountSummaryCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toMatch(/^sts:AssumeRole/);
    expect((error as AwsCallError).awsCode).toBe('AccessDenied');
  });

  it('assumes root in a member account, limited to the task policy', async () => {
    await factory
      .organizations()
      .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'iam.amazonaws.com' }));
    await factory.iam().send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    const root = factory.assumeRoot(member, ROOT_TASK_POLICIES.auditRootUserCredentials);
    const identity = await root.sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:iam::${member}:root`);
    const outside = await root
      .iam()
      .send(new GetUserCommand({ UserName: 'someone' }))
      .catch((e: unknown) => e);
    expect((outside as AwsCallError).awsCode).toBe('AccessDenied');
  });
});
