/**
 * Each account's own part of the baseline: the Config recorder and delivery channel in every governed
 * region and EBS default encryption (through the member role), S3 account Block Public Access, and the
 * alternate contacts (asked of the management account, which may read every member's).
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { ClientFactory } from '../../aws/clients.js';
import {
  RECORDER_NAME,
  type ContactType,
  type LiveAccount,
  type LiveAccountRegion,
} from '../../model/baseline.js';
import { mapLimit } from '../../util/pool.js';
import { orNull, readPart, type BaselineReadContext } from './shared.js';

/** Accounts read at a time: each holds one session and a handful of regional reads. */
const ACCOUNT_CONCURRENCY = 16;

async function readRegion(
  ctx: BaselineReadContext,
  session: ClientFactory,
  region: string,
): Promise<LiveAccountRegion> {
  const out: LiveAccountRegion = { recorder: null, channelBucket: null, ebsEncryptionByDefault: null };
  const reads: Array<Promise<void>> = [];
  if (ctx.baseline.config) {
    const config = session.config(region);
    reads.push(
      (async () => {
        const [recorders, status, channels] = await Promise.all([
          config.send(new DescribeConfigurationRecordersCommand({})),
          config.send(new DescribeConfigurationRecorderStatusCommand({})),
          config.send(new DescribeDeliveryChannelsCommand({})),
        ]);
        const r = recorders.ConfigurationRecorders?.find((x) => !x.servicePrincipal) ?? undefined;
        if (r)
          out.recorder = {
            roleArn: r.roleARN ?? '',
            allSupported: r.recordingGroup?.allSupported === true,
            global: r.recordingGroup?.includeGlobalResourceTypes === true,
            recording:
              status.ConfigurationRecordersStatus?.find((s) => s.name === (r.name ?? RECORDER_NAME))
                ?.recording === true,
          };
        out.channelBucket = channels.DeliveryChannels?.[0]?.s3BucketName ?? null;
      })(),
    );
  }
  if (ctx.baseline.accounts?.ebsEncryptionByDefault)
    reads.push(
      (async () => {
        const got = await session.ec2(region).send(new GetEbsEncryptionByDefaultCommand({}));
        out.ebsEncryptionByDefault = got.EbsEncryptionByDefault === true;
      })(),
    );
  await Promise.all(reads);
  return out;
}

async function readContacts(ctx: BaselineReadContext, accountId: string, live: LiveAccount): Promise<void> {
  const types = Object.keys(ctx.baseline.accounts?.alternateContacts ?? {}) as ContactType[];
  const own = accountId === ctx.snapshot.organization.managementAccountId;
  for (const type of types) {
    const got = await orNull(
      () =>
        ctx.factory.accountManagement().send(
          new GetAlternateContactCommand({
            AlternateContactType: type,
            ...(own ? {} : { AccountId: accountId }),
          }),
        ),
      /ResourceNotFoundException/,
    );
    const c = got?.AlternateContact;
    if (c)
      live.contacts[type] = {
        name: c.Name ?? '',
        title: c.Title ?? '',
        email: c.EmailAddress ?? '',
        phone: c.PhoneNumber ?? '',
      };
  }
}

/** IAM users in the account, and (where there are any) its password policy. */
async function readPasswordPolicy(session: ClientFactory, live: LiveAccount): Promise<void> {
  const iam = session.iam();
  const summary = await iam.send(new GetAccountSummaryCommand({}));
  live.iamUsers = summary.SummaryMap?.Users ?? 0;
  if (!live.iamUsers) return;
  const got = await orNull(() => iam.send(new GetAccountPasswordPolicyCommand({})), /^NoSuchEntity/);
  const p = got?.PasswordPolicy;
  live.passwordPolicy = p
    ? {
        MinimumPasswordLength: p.MinimumPasswordLength ?? 0,
        RequireSymbols: p.RequireSymbols === true,
        RequireNumbers: p.RequireNumbers === true,
        RequireUppercaseCharacters: p.RequireUppercaseCharacters === true,
        RequireLowercaseCharacters: p.RequireLowercaseCharacters === true,
        AllowUsersToChangePassword: p.AllowUsersToChangePassword === true,
        ...(p.MaxPasswordAge ? { MaxPasswordAge: p.MaxPasswordAge } : {}),
        ...(p.PasswordReusePrevention ? { PasswordReusePrevention: p.PasswordReusePrevention } : {}),
        HardExpiry: p.HardExpiry === true,
      }
    : null;
}

async function readAccount(ctx: BaselineReadContext, accountId: string): Promise<void> {
  const live: LiveAccount = { regions: {}, s3BlockPublicAccess: null, contacts: {} };
  const session = ctx.inAccount(accountId);
  const wantsRegions = Boolean(ctx.baseline.config || ctx.baseline.accounts?.ebsEncryptionByDefault);
  if (wantsRegions)
    for (const region of ctx.baseline.regions) live.regions[region] = await readRegion(ctx, session, region);
  if (ctx.baseline.accounts?.s3BlockPublicAccess) {
    const got = await orNull(
      () =>
        session
          .s3Control(ctx.baseline.homeRegion)
          .send(new GetPublicAccessBlockCommand({ AccountId: accountId })),
      /NoSuchPublicAccessBlockConfiguration/,
    );
    const b = got?.PublicAccessBlockConfiguration;
    live.s3BlockPublicAccess = Boolean(
      b?.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets,
    );
  }
  await readContacts(ctx, accountId, live);
  if (ctx.baseline.accounts?.passwordPolicy) await readPasswordPolicy(session, live);
  ctx.state.accounts[accountId] = live;
}

export async function readAccounts(ctx: BaselineReadContext): Promise<void> {
  if (!ctx.baseline.config && !ctx.baseline.accounts) return;
  const active = ctx.snapshot.accounts.filter((a) => a.state === 'ACTIVE');
  await mapLimit(active, ACCOUNT_CONCURRENCY, (a) =>
    readPart(ctx.state, `account:${a.id}`, () => readAccount(ctx, a.id)),
  );
}
