/** Configuration recorders and delivery channels (one of each per account and region, as AWS allows). */
import { optRecord, optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { configError, noRecorder } from './errors.js';
import { configState, peekConfig, type ChannelState, type RecorderState } from './state.js';

const NAME = { min: 1, max: 256 };

function own(ctx: CallContext) {
  return configState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
}
function peek(ctx: CallContext) {
  return peekConfig(ctx.world.accounts[ctx.caller.accountId], ctx.region);
}

export function recorderArn(ctx: CallContext, name: string): string {
  return `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:configuration-recorder/${name}`;
}

/** The records named (all when no names are given); an unknown name is `notFound`. */
function pick<T>(all: Record<string, T>, names: string[], notFound: (name: string) => Error): T[] {
  if (names.length === 0) return Object.values(all);
  return names.map((name) => {
    const found = all[name];
    if (!found) throw notFound(name);
    return found;
  });
}

const putConfigurationRecorder: Handler = (ctx, input) => {
  const spec = optRecord(input, 'ConfigurationRecorder') ?? {};
  const name = optString(spec, 'name', NAME) ?? 'default';
  const roleARN = optString(spec, 'roleARN');
  if (!roleARN || !/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(roleARN))
    throw configError('InvalidRoleException', 'The role ARN is not valid or not specified.');
  const state = own(ctx);
  const existing = Object.keys(state.recorders);
  if (existing.length > 0 && !existing.includes(name))
    throw configError(
      'MaxNumberOfConfigurationRecordersExceededException',
      `Failed to put configuration recorder '${name}' because the maximum number of configuration recorders: 1 is reached.`,
    );
  const group = optRecord(spec, 'recordingGroup') ?? {
    allSupported: true,
    includeGlobalResourceTypes: false,
  };
  if (group.allSupported === true && Array.isArray(group.resourceTypes) && group.resourceTypes.length > 0)
    throw configError(
      'InvalidRecordingGroupException',
      'The recording group provided is not valid: allSupported and resourceTypes cannot be used together.',
    );
  const previous = state.recorders[name];
  const mode = optRecord(spec, 'recordingMode');
  state.recorders[name] = {
    name,
    roleARN,
    recordingGroup: group,
    ...(mode
      ? { recordingMode: mode }
      : previous?.recordingMode
        ? { recordingMode: previous.recordingMode }
        : {}),
    recording: previous?.recording ?? false,
    lastStatus: previous?.lastStatus ?? 'Pending',
    ...(previous?.lastStartTime ? { lastStartTime: previous.lastStartTime } : {}),
    ...(previous?.lastStopTime ? { lastStopTime: previous.lastStopTime } : {}),
    ...(previous?.lastStatusChangeTime ? { lastStatusChangeTime: previous.lastStatusChangeTime } : {}),
  };
  return {};
};

function recorderShape(ctx: CallContext, r: RecorderState) {
  return {
    arn: recorderArn(ctx, r.name),
    name: r.name,
    roleARN: r.roleARN,
    recordingGroup: {
      allSupported: r.recordingGroup.allSupported ?? false,
      includeGlobalResourceTypes: r.recordingGroup.includeGlobalResourceTypes ?? false,
      resourceTypes: r.recordingGroup.resourceTypes ?? [],
      exclusionByResourceTypes: r.recordingGroup.exclusionByResourceTypes ?? { resourceTypes: [] },
      recordingStrategy: r.recordingGroup.recordingStrategy ?? {
        useOnly:
          r.recordingGroup.allSupported === false
            ? 'INCLUSION_BY_RESOURCE_TYPES'
            : 'ALL_SUPPORTED_RESOURCE_TYPES',
      },
    },
    recordingMode: r.recordingMode ?? { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
    recordingScope: 'PAID',
  };
}

const describeConfigurationRecorders: Handler = (ctx, input) => ({
  ConfigurationRecorders: pick(
    peek(ctx).recorders,
    stringList(input, 'ConfigurationRecorderNames'),
    noRecorder,
  ).map((r) => recorderShape(ctx, r)),
});

const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

const describeConfigurationRecorderStatus: Handler = (ctx, input) => ({
  ConfigurationRecordersStatus: pick(
    peek(ctx).recorders,
    stringList(input, 'ConfigurationRecorderNames'),
    noRecorder,
  ).map((r) => ({
    arn: recorderArn(ctx, r.name),
    name: r.name,
    lastStartTime: date(r.lastStartTime),
    lastStopTime: date(r.lastStopTime),
    recording: r.recording,
    lastStatus: r.lastStatus,
    lastStatusChangeTime: date(r.lastStatusChangeTime),
  })),
});

function requireRecorder(ctx: CallContext, input: Input): RecorderState {
  const name = reqString(input, 'ConfigurationRecorderName', NAME);
  const recorder = own(ctx).recorders[name];
  if (!recorder) throw noRecorder(name);
  return recorder;
}

const startConfigurationRecorder: Handler = (ctx, input) => {
  const recorder = requireRecorder(ctx, input);
  if (Object.keys(own(ctx).channels).length === 0)
    throw configError(
      'NoAvailableDeliveryChannelException',
      'Delivery channel is not available to start configuration recorder.',
    );
  if (!recorder.recording) {
    recorder.recording = true;
    recorder.lastStatus = 'Success';
    recorder.lastStartTime = ctx.now.toISOString();
    recorder.lastStatusChangeTime = ctx.now.toISOString();
  }
  return {};
};

const stopConfigurationRecorder: Handler = (ctx, input) => {
  const recorder = requireRecorder(ctx, input);
  if (recorder.recording) {
    recorder.recording = false;
    recorder.lastStopTime = ctx.now.toISOString();
    recorder.lastStatusChangeTime = ctx.now.toISOString();
  }
  return {};
};

const deleteConfigurationRecorder: Handler = (ctx, input) => {
  const recorder = requireRecorder(ctx, input);
  delete own(ctx).recorders[recorder.name];
  return {};
};

const noChannel = (name: string) =>
  configError(
    'NoSuchDeliveryChannelException',
    `Cannot find delivery channel with specified name '${name}'.`,
  );

const putDeliveryChannel: Handler = (ctx, input) => {
  const spec = optRecord(input, 'DeliveryChannel') ?? {};
  const name = optString(spec, 'name', NAME) ?? 'default';
  const state = own(ctx);
  if (Object.keys(state.recorders).length === 0)
    throw configError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put delivery channel.',
    );
  const existing = Object.keys(state.channels);
  if (existing.length > 0 && !existing.includes(name))
    throw configError(
      'MaxNumberOfDeliveryChannelsExceededException',
      `Failed to put delivery channel '${name}' because the maximum number of delivery channels: 1 is reached.`,
    );
  const bucket = optString(spec, 's3BucketName');
  if (!bucket)
    throw configError('NoSuchBucketException', 'Cannot find a S3 bucket with an empty bucket name.');
  const prefix = optString(spec, 's3KeyPrefix');
  if (prefix !== undefined && (prefix.startsWith('/') || prefix.endsWith('/')))
    throw configError('InvalidS3KeyPrefixException', 'The s3 key prefix cannot start or end with a slash.');
  const channel: ChannelState = { name, s3BucketName: bucket, lastStatus: 'Success' };
  if (prefix) channel.s3KeyPrefix = prefix;
  const kms = optString(spec, 's3KmsKeyArn');
  if (kms) channel.s3KmsKeyArn = kms;
  const sns = optString(spec, 'snsTopicARN');
  if (sns) channel.snsTopicARN = sns;
  const props = optRecord(spec, 'configSnapshotDeliveryProperties');
  if (props) channel.configSnapshotDeliveryProperties = props;
  state.channels[name] = channel;
  return {};
};

const describeDeliveryChannels: Handler = (ctx, input) => ({
  DeliveryChannels: pick(peek(ctx).channels, stringList(input, 'DeliveryChannelNames'), noChannel).map(
    (c) => ({
      name: c.name,
      s3BucketName: c.s3BucketName,
      s3KeyPrefix: c.s3KeyPrefix,
      s3KmsKeyArn: c.s3KmsKeyArn,
      snsTopicARN: c.snsTopicARN,
      configSnapshotDeliveryProperties: c.configSnapshotDeliveryProperties,
    }),
  ),
});

const HOUR_MS = 3_600_000;

const describeDeliveryChannelStatus: Handler = (ctx, input) => {
  const state = peek(ctx);
  const recorder = Object.values(state.recorders)[0];
  const recording = recorder?.recording === true;
  return {
    DeliveryChannelsStatus: pick(state.channels, stringList(input, 'DeliveryChannelNames'), noChannel).map(
      (c) => {
        const failed = c.lastStatus === 'Failure';
        const last = new Date(ctx.now.getTime() - HOUR_MS);
        const info = recording
          ? {
              lastStatus: c.lastStatus,
              lastAttemptTime: last,
              ...(failed
                ? { lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access Denied' }
                : { lastSuccessfulTime: last }),
              nextDeliveryTime: new Date(last.getTime() + 24 * HOUR_MS),
            }
          : { lastStatus: 'Not_Applicable' };
        return {
          name: c.name,
          configSnapshotDeliveryInfo: info,
          configHistoryDeliveryInfo: info,
          configStreamDeliveryInfo: { lastStatus: 'Not_Applicable' },
        };
      },
    ),
  };
};

const deleteDeliveryChannel: Handler = (ctx, input) => {
  const name = reqString(input, 'DeliveryChannelName', NAME);
  const state = own(ctx);
  if (!state.channels[name]) throw noChannel(name);
  if (Object.values(state.recorders).some((r) => r.recording))
    throw configError(
      'LastDeliveryChannelDeleteFailedException',
      'Failed to delete last specified delivery channel with name because there is a running configuration recorder.',
    );
  delete state.channels[name];
  return {};
};

export const recorderOperations: Record<string, Handler> = {
  PutConfigurationRecorder: putConfigurationRecorder,
  DescribeConfigurationRecorders: describeConfigurationRecorders,
  DescribeConfigurationRecorderStatus: describeConfigurationRecorderStatus,
  StartConfigurationRecorder: startConfigurationRecorder,
  StopConfigurationRecorder: stopConfigurationRecorder,
  DeleteConfigurationRecorder: deleteConfigurationRecorder,
  PutDeliveryChannel: putDeliveryChannel,
  DescribeDeliveryChannels: describeDeliveryChannels,
  DescribeDeliveryChannelStatus: describeDeliveryChannelStatus,
  DeleteDeliveryChannel: deleteDeliveryChannel,
};
