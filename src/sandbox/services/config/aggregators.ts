/** Configuration aggregators (account or organization sources) and their source status. */
import { optBool, optInt, optList, optRecord, optString, reqString, stringList } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { DEFAULT_REGIONS, ensureAccount } from '../../world.js';
import { activeMemberIds } from '../../shared/org-access.js';
import { randomString, LOWER_ALNUM } from '../../rng.js';
import { configError } from './errors.js';
import { CONFIG_PRINCIPAL, organizationFor, organizationForRead } from './org.js';
import { configState, peekConfig, type AggregatorState } from './state.js';

const noAggregator = (name: string) =>
  configError(
    'NoSuchConfigurationAggregatorException',
    `The configuration aggregator does not exist. Check the configuration aggregator name '${name}' and try again.`,
  );

const invalidToken = () => configError('InvalidNextTokenException', 'The nextToken provided is invalid.');
const invalidLimit = () => configError('InvalidLimitException', 'The limit is not valid.');

/** AWS's limit on aggregators per account and region. */
const MAX_AGGREGATORS = 50;

const putConfigurationAggregator: Handler = (ctx, input) => {
  const name = reqString(input, 'ConfigurationAggregatorName', { min: 1, max: 256, pattern: /^[\w-]+$/ });
  const accountSources = optList(input, 'AccountAggregationSources') as AggregatorState['accountSources'];
  const orgSource = optRecord(input, 'OrganizationAggregationSource');
  if ((accountSources && accountSources.length > 0) === (orgSource !== undefined))
    throw configError(
      'InvalidParameterValueException',
      'Specify either AccountAggregationSources or OrganizationAggregationSource.',
    );
  let organizationSource: AggregatorState['organizationSource'];
  if (orgSource) {
    organizationFor(ctx, CONFIG_PRINCIPAL);
    const roleArn = reqString(orgSource, 'RoleArn');
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(roleArn))
      throw configError('InvalidRoleException', `The role ${roleArn} is not valid.`);
    const all = optBool(orgSource, 'AllAwsRegions') ?? false;
    const regions = stringList(orgSource, 'AwsRegions');
    if (all === regions.length > 0)
      throw configError('InvalidParameterValueException', 'Specify either AllAwsRegions or AwsRegions.');
    organizationSource = { RoleArn: roleArn, ...(all ? { AllAwsRegions: true } : { AwsRegions: regions }) };
  }
  const state = configState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  const previous = state.aggregators[name];
  if (!previous && Object.keys(state.aggregators).length >= MAX_AGGREGATORS)
    throw configError('LimitExceededException', 'You have reached the limit of configuration aggregators.');
  const aggregator: AggregatorState = {
    name,
    arn:
      previous?.arn ??
      `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:config-aggregator/config-aggregator-${randomString(ctx.world, LOWER_ALNUM, 8)}`,
    ...(accountSources && accountSources.length > 0 ? { accountSources } : {}),
    ...(organizationSource ? { organizationSource } : {}),
    createdAt: previous?.createdAt ?? ctx.now.toISOString(),
    updatedAt: ctx.now.toISOString(),
  };
  state.aggregators[name] = aggregator;
  return { ConfigurationAggregator: shape(aggregator) };
};

function shape(a: AggregatorState) {
  return {
    ConfigurationAggregatorName: a.name,
    ConfigurationAggregatorArn: a.arn,
    AccountAggregationSources: a.accountSources,
    OrganizationAggregationSource: a.organizationSource,
    CreationTime: new Date(a.createdAt),
    LastUpdatedTime: new Date(a.updatedAt),
  };
}

function ownAggregators(ctx: CallContext) {
  return peekConfig(ctx.world.accounts[ctx.caller.accountId], ctx.region).aggregators;
}

const describeConfigurationAggregators: Handler = (ctx, input) => {
  const all = ownAggregators(ctx);
  const names = stringList(input, 'ConfigurationAggregatorNames');
  const items = names.length === 0 ? Object.values(all) : names.map((n) => all[n] ?? throwNo(n));
  const limit = optInt(input, 'Limit', { min: 0, max: 100 });
  const page = ctx.page(items, optString(input, 'NextToken'), limit || undefined, 'aggregators', {
    max: 100,
    defaultSize: 100,
    invalidToken,
    invalidSize: invalidLimit,
  });
  return { ConfigurationAggregators: page.items.map(shape), NextToken: page.nextToken };
};

function throwNo(name: string): never {
  throw noAggregator(name);
}

const deleteConfigurationAggregator: Handler = (ctx, input) => {
  const name = reqString(input, 'ConfigurationAggregatorName', { min: 1, max: 256 });
  const state = configState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  if (!state.aggregators[name]) throw noAggregator(name);
  delete state.aggregators[name];
  return {};
};

interface Source {
  accountId: string;
  region: string;
  type: 'ACCOUNT' | 'ORGANIZATION';
}

function sourcesOf(ctx: CallContext, aggregator: AggregatorState): Source[] {
  const out: Source[] = [];
  const regionsOf = (all: boolean | undefined, regions: string[] | undefined, accountId: string) =>
    all ? (ctx.world.accounts[accountId]?.enabledRegions ?? [...DEFAULT_REGIONS]) : (regions ?? []);
  if (aggregator.organizationSource) {
    const org = organizationForRead(ctx, CONFIG_PRINCIPAL);
    const { AllAwsRegions, AwsRegions } = aggregator.organizationSource;
    for (const accountId of activeMemberIds(org))
      for (const region of regionsOf(AllAwsRegions, AwsRegions, accountId))
        out.push({ accountId, region, type: 'ORGANIZATION' });
  }
  for (const source of aggregator.accountSources ?? [])
    for (const accountId of source.AccountIds)
      for (const region of regionsOf(source.AllAwsRegions, source.AwsRegions, accountId))
        out.push({ accountId, region, type: 'ACCOUNT' });
  return out;
}

/**
 * One row per source account and region: SUCCEEDED where the account records in that region, FAILED
 * (`NoAvailableConfigurationRecorder`) where it does not. Statuses are computed for the page only.
 */
const describeConfigurationAggregatorSourcesStatus: Handler = (ctx, input) => {
  const name = reqString(input, 'ConfigurationAggregatorName', { min: 1, max: 256 });
  const aggregator = ownAggregators(ctx)[name];
  if (!aggregator) throw noAggregator(name);
  const wanted = stringList(input, 'UpdateStatus');
  const limit = optInt(input, 'Limit', { min: 0, max: 100 });
  const status = (s: Source) => {
    const recorders = Object.values(peekConfig(ctx.world.accounts[s.accountId], s.region).recorders);
    return recorders.some((r) => r.recording) ? 'SUCCEEDED' : 'FAILED';
  };
  const all = sourcesOf(ctx, aggregator);
  const items = wanted.length === 0 ? all : all.filter((s) => wanted.includes(status(s)));
  const page = ctx.page(items, optString(input, 'NextToken'), limit || undefined, `sources:${name}`, {
    max: 100,
    defaultSize: 100,
    invalidToken,
    invalidSize: invalidLimit,
  });
  return {
    AggregatedSourceStatusList: page.items.map((s) => {
      const result = status(s);
      return {
        SourceId: s.accountId,
        SourceType: s.type,
        AwsRegion: s.region,
        LastUpdateStatus: result,
        LastUpdateTime: ctx.now,
        ...(result === 'FAILED'
          ? {
              LastErrorCode: 'NoAvailableConfigurationRecorder',
              LastErrorMessage: 'Configuration recorder is not available or not running.',
            }
          : {}),
      };
    }),
    NextToken: page.nextToken,
  };
};

export const aggregatorOperations: Record<string, Handler> = {
  PutConfigurationAggregator: putConfigurationAggregator,
  DescribeConfigurationAggregators: describeConfigurationAggregators,
  DeleteConfigurationAggregator: deleteConfigurationAggregator,
  DescribeConfigurationAggregatorSourcesStatus: describeConfigurationAggregatorSourcesStatus,
};
