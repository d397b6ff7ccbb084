/** CreateDetector, ListDetectors, GetDetector, UpdateDetector, DeleteDetector, GetAdministratorAccount. */
import { optBool, optInt, optList, optRecord, optString, reqString, type Input } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount, type AccountRecord, type World } from '../../world.js';
import { badRequest, noDetector } from './errors.js';
import {
  CONFIGURABLE_FEATURES,
  DEFAULT_FEATURES,
  gdState,
  peekGd,
  type DetectorState,
  type Status,
} from './state.js';

const FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'];

/** Creates an enabled (or disabled) detector in the account and region; used by CreateDetector, auto-enable and seeding. */
export function createDetector(
  world: World,
  account: AccountRecord,
  region: string,
  now: Date,
  enabled: boolean,
): DetectorState {
  const state = gdState(account, region);
  if (state.detector)
    throw badRequest('The request is rejected because a detector already exists for the current account.');
  const at = now.toISOString();
  state.detector = {
    id: randomString(world, HEX, 32),
    status: enabled ? 'ENABLED' : 'DISABLED',
    findingPublishingFrequency: 'SIX_HOURS',
    features: { ...DEFAULT_FEATURES },
    tags: {},
    createdAt: at,
    updatedAt: at,
  };
  return state.detector;
}

/** The caller's own detector named by the `DetectorId` path label. */
export function ownDetector(ctx: CallContext, input: Input): DetectorState {
  const id = reqString(input, 'DetectorId', { min: 1, max: 300 });
  const detector = peekGd(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.detector;
  if (!detector || detector.id !== id) throw noDetector(id);
  return detector;
}

function applyFeatures(detector: DetectorState, input: Input): void {
  for (const item of optList(input, 'features') ?? []) {
    const feature = item as Input;
    const name = reqString(feature, 'name', { oneOf: CONFIGURABLE_FEATURES });
    const status = reqString(feature, 'status', { oneOf: ['ENABLED', 'DISABLED'] });
    detector.features[name] = status;
  }
  const sources = optRecord(input, 'dataSources');
  const s3 = sources ? optRecord(sources, 's3Logs') : undefined;
  if (s3) detector.features.S3_DATA_EVENTS = optBool(s3, 'enable') ? 'ENABLED' : 'DISABLED';
}

const create: Handler = (ctx, input) => {
  const enable = optBool(input, 'enable');
  if (enable === undefined) throw badRequest('The request is rejected because enable is missing.');
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  const detector = createDetector(ctx.world, account, ctx.region, ctx.now, enable);
  const frequency = optString(input, 'findingPublishingFrequency', { oneOf: FREQUENCIES });
  if (frequency) detector.findingPublishingFrequency = frequency;
  applyFeatures(detector, input);
  detector.tags = (optRecord(input, 'tags') as Record<string, string> | undefined) ?? {};
  return { detectorId: detector.id };
};

const PAGE = {
  max: 50,
  defaultSize: 50,
  invalidToken: () => badRequest('The request is rejected because the nextToken is invalid.'),
};

const list: Handler = (ctx, input) => {
  const detector = peekGd(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.detector;
  const page = ctx.page(
    detector ? [detector.id] : [],
    optString(input, 'nextToken'),
    optInt(input, 'maxResults'),
    'detectors',
    PAGE,
  );
  return { detectorIds: page.items, nextToken: page.nextToken };
};

const status = (s: Status) => ({ status: s });

const FOUNDATIONAL = new Set(['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS']);

/**
 * DataSources and Features as GetDetector shows them; GetMemberDetectors (`member`) lists only the
 * protection plans an organization configures, not the foundational sources.
 */
export function detectorSources(detector: DetectorState, member = false) {
  const f = detector.features;
  return {
    dataSources: {
      cloudTrail: status('ENABLED'),
      dnsLogs: status('ENABLED'),
      flowLogs: status('ENABLED'),
      s3Logs: status(f.S3_DATA_EVENTS ?? 'DISABLED'),
      kubernetes: { auditLogs: status(f.EKS_AUDIT_LOGS ?? 'DISABLED') },
      malwareProtection: {
        scanEc2InstanceWithFindings: { ebsVolumes: { status: f.EBS_MALWARE_PROTECTION ?? 'DISABLED' } },
        serviceRole: '',
      },
    },
    features: Object.entries(f)
      .filter(([name]) => !member || !FOUNDATIONAL.has(name))
      .map(([name, s]) => ({
        name,
        status: s,
        updatedAt: new Date(detector.updatedAt),
      })),
  };
}

export function serviceRole(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`;
}

const get: Handler = (ctx, input) => {
  const detector = ownDetector(ctx, input);
  return {
    createdAt: detector.createdAt,
    updatedAt: detector.updatedAt,
    findingPublishingFrequency: detector.findingPublishingFrequency,
    serviceRole: serviceRole(ctx.caller.accountId),
    status: detector.status,
    ...detectorSources(detector),
    tags: detector.tags,
  };
};

const update: Handler = (ctx, input) => {
  const detector = ownDetector(ctx, input);
  const enable = optBool(input, 'enable');
  if (enable !== undefined) detector.status = enable ? 'ENABLED' : 'DISABLED';
  const frequency = optString(input, 'findingPublishingFrequency', { oneOf: FREQUENCIES });
  if (frequency) detector.findingPublishingFrequency = frequency;
  applyFeatures(detector, input);
  detector.updatedAt = ctx.now.toISOString();
  return {};
};

const remove: Handler = (ctx, input) => {
  ownDetector(ctx, input);
  const state = gdState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  if (state.administratorId)
    throw badRequest(
      'The request is rejected because the account is a member of a GuardDuty administrator; disassociate it first.',
    );
  delete state.detector;
  return {};
};

const getAdministratorAccount: Handler = (ctx, input) => {
  ownDetector(ctx, input);
  const state = peekGd(ctx.world.accounts[ctx.caller.accountId], ctx.region);
  const adminId = state?.administratorId;
  const member = adminId
    ? peekGd(ctx.world.accounts[adminId], ctx.region)?.members[ctx.caller.accountId]
    : undefined;
  if (!adminId || !member) return { administrator: {} };
  return {
    administrator: {
      accountId: adminId,
      relationshipStatus: member.relationshipStatus,
      ...(member.invitedAt ? { invitedAt: member.invitedAt } : {}),
    },
  };
};

export const detectorOperations: Record<string, Handler> = {
  CreateDetector: create,
  ListDetectors: list,
  GetDetector: get,
  UpdateDetector: update,
  DeleteDetector: remove,
  GetAdministratorAccount: getAdministratorAccount,
};
