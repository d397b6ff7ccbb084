/**
 * One account's own baseline (Config recorder and channel per region, EBS default encryption, S3
 * account Block Public Access, alternate contacts), and, for an account this run created, a read-back
 * of everything that should cover it, reported as the operation's note.
 */
import { GetAlternateContactCommand, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetMembersCommand as GdGetMembersCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { DescribeHubCommand, GetMembersCommand as HubGetMembersCommand } from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../../aws/clients.js';
import { OrgwardError } from '../../errors/index.js';
import { CHANNEL_NAME, configRoleArn, RECORDER_NAME } from '../../model/baseline.js';
import type { Operation } from '../../plan/operations.js';
import { mapLimit } from '../../util/pool.js';
import type { ApplyContext, Handlers } from '../context.js';
import { ALL_BLOCKED, inAccount, sessionAt } from './baseline-sites.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

/** Regions set up at a time in one account (Config's and EC2's rates are per account and region). */
const REGION_CONCURRENCY = 4;

async function recordIn(
  factory: ClientFactory,
  accountId: string,
  region: string,
  recorder: NonNullable<Op<'put-account-baseline'>['recorder']>,
): Promise<void> {
  const config = factory.config(region);
  // One recorder and one channel per region: keep the names the account already uses.
  const [recorders, channels] = await Promise.all([
    config.send(new DescribeConfigurationRecordersCommand({})),
    config.send(new DescribeDeliveryChannelsCommand({})),
  ]);
  const name = recorders.ConfigurationRecorders?.find((r) => !r.servicePrincipal)?.name ?? RECORDER_NAME;
  await config.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name,
        roleARN: configRoleArn(accountId),
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === recorder.globalRegion },
      },
    }),
  );
  await config.send(
    new PutDeliveryChannelCommand({
      DeliveryChannel: {
        name: channels.DeliveryChannels?.[0]?.name ?? CHANNEL_NAME,
        s3BucketName: recorder.bucket,
      },
    }),
  );
  await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
}

async function putContacts(
  op: Op<'put-account-baseline'>,
  ctx: ApplyContext,
  accountId: string,
): Promise<void> {
  for (const [type, c] of Object.entries(op.contacts))
    await ctx.factory.accountManagement().send(
      new PutAlternateContactCommand({
        ...(op.management ? {} : { AccountId: accountId }),
        AlternateContactType: type as 'SECURITY',
        Name: c.name,
        Title: c.title,
        EmailAddress: c.email,
        PhoneNumber: c.phone,
      }),
    );
}

async function putAccountBaseline(op: Op<'put-account-baseline'>, ctx: ApplyContext): Promise<void> {
  const accountId = await inAccount(ctx, op.site, async (factory, id) => {
    const regions = [...new Set([...(op.recorder?.regions ?? []), ...op.ebsEncryptionRegions])];
    await mapLimit(regions, REGION_CONCURRENCY, async (region) => {
      if (op.recorder?.regions.includes(region)) await recordIn(factory, id, region, op.recorder);
      if (op.ebsEncryptionRegions.includes(region))
        await factory.ec2(region).send(new EnableEbsEncryptionByDefaultCommand({}));
    });
    if (op.passwordPolicy)
      await factory.iam().send(new UpdateAccountPasswordPolicyCommand(op.passwordPolicy));
    if (op.s3BlockPublicAccess)
      await factory.s3Control(op.site.region).send(
        new PutPublicAccessBlockCommand({
          AccountId: id,
          PublicAccessBlockConfiguration: ALL_BLOCKED,
        }),
      );
    return id;
  });
  await putContacts(op, ctx, accountId);
}

type Expect = Op<'verify-account-baseline'>['expect'];

/** Each part's verdict for the account: `name ✓` or `name ✗ (why)`. */
async function coverage(
  ctx: ApplyContext,
  op: Op<'verify-account-baseline'>,
  factory: ClientFactory,
  accountId: string,
): Promise<Array<{ ok: boolean; text: string }>> {
  const { expect, site } = op;
  const out: Array<{ ok: boolean; text: string }> = [];
  if (expect.trail) {
    const trails =
      (await factory.cloudTrail(site.region).send(new DescribeTrailsCommand({}))).trailList ?? [];
    out.push({ ok: trails.some((t) => t.Name === expect.trail && t.IsOrganizationTrail), text: 'trail' });
  }
  if (expect.configRegions.length) {
    const recording = await mapLimit(expect.configRegions, REGION_CONCURRENCY, async (region) => {
      const status = await factory.config(region).send(new DescribeConfigurationRecorderStatusCommand({}));
      return status.ConfigurationRecordersStatus?.some((s) => s.recording) ?? false;
    });
    const n = recording.filter(Boolean).length;
    out.push({ ok: n === recording.length, text: `Config ${n}/${recording.length} regions` });
  }
  if (expect.guardDuty)
    out.push({ ok: await guardDutyMember(ctx, op, expect.guardDuty, accountId), text: 'GuardDuty' });
  if (expect.securityHub)
    out.push({ ok: await hubMember(ctx, op, expect.securityHub, accountId), text: 'Security Hub' });
  if (expect.stackSets.length) {
    const cfn = ctx.factory.cloudFormation(site.region);
    const deployed = await mapLimit(expect.stackSets, 2, async (s) => {
      const got = await cfn.send(
        new ListStackInstancesCommand({ StackSetName: s.name, StackInstanceAccount: accountId }),
      );
      return (got.Summaries ?? []).filter((i) => i.Status === 'CURRENT').length >= s.regions;
    });
    const n = deployed.filter(Boolean).length;
    out.push({ ok: n === deployed.length, text: `stack sets ${n}/${deployed.length}` });
  }
  if (expect.contacts.length) {
    // A new account is a member: the management account reads its contacts by AccountId.
    const set = await mapLimit(expect.contacts, 1, (type) =>
      ctx.factory
        .accountManagement()
        .send(new GetAlternateContactCommand({ AlternateContactType: type, AccountId: accountId }))
        .then(
          () => true,
          () => false,
        ),
    );
    const n = set.filter(Boolean).length;
    out.push({ ok: n === set.length, text: `contacts ${n}/${set.length}` });
  }
  return out;
}

async function guardDutyMember(
  ctx: ApplyContext,
  op: Op<'verify-account-baseline'>,
  gd: NonNullable<Expect['guardDuty']>,
  accountId: string,
): Promise<boolean> {
  const { factory, accountId: adminId } = await sessionAt(ctx, {
    ...op.site,
    account: gd.admin,
    region: gd.region,
  });
  const client = factory.guardDuty(gd.region);
  const DetectorId = (await client.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (!DetectorId) return false;
  // The administrator is not its own member: its own detector is what covers it.
  if (adminId === accountId) return true;
  const got = await client.send(new GdGetMembersCommand({ DetectorId, AccountIds: [accountId] }));
  return got.Members?.[0]?.RelationshipStatus === 'Enabled';
}

async function hubMember(
  ctx: ApplyContext,
  op: Op<'verify-account-baseline'>,
  hub: NonNullable<Expect['securityHub']>,
  accountId: string,
): Promise<boolean> {
  const { factory, accountId: adminId } = await sessionAt(ctx, {
    ...op.site,
    account: hub.admin,
    region: hub.region,
  });
  if (adminId === accountId)
    return factory
      .securityHub(hub.region)
      .send(new DescribeHubCommand({}))
      .then(
        () => true,
        () => false,
      );
  const got = await factory
    .securityHub(hub.region)
    .send(new HubGetMembersCommand({ AccountIds: [accountId] }));
  return got.Members?.[0]?.MemberStatus === 'Enabled';
}

/** Tries before the coverage of a new account counts as missing, and the pause between them (ms). */
const VERIFY_TRIES = 5;
const VERIFY_PAUSE_MS = 30_000;

async function verifyAccountBaseline(
  op: Op<'verify-account-baseline'>,
  ctx: ApplyContext,
): Promise<{ note: string }> {
  return inAccount(ctx, op.site, async (factory, accountId) => {
    for (let attempt = 1; ; attempt++) {
      const parts = await coverage(ctx, op, factory, accountId);
      const line = `${op.site.account.name}: ${parts.map((p) => `${p.text} ${p.ok ? '✓' : '✗'}`).join('  ')}`;
      if (parts.every((p) => p.ok)) return { note: line };
      if (attempt >= VERIFY_TRIES)
        throw new OrgwardError('BASELINE_NOT_COVERED', `${line}: not covered after ${VERIFY_TRIES} checks`, {
          source: 'aws',
          hint: 'run orgward apply again; if a part stays ✗, see docs/config.md#the-account-factory',
        });
      await ctx.sleep(VERIFY_PAUSE_MS);
    }
  });
}

export const baselineAccountHandlers: Handlers = {
  'put-account-baseline': putAccountBaseline,
  'verify-account-baseline': verifyAccountBaseline,
};
