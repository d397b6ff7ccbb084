/** Config rules and conformance packs, in an account and across the organization. */
import { optInt, optList, optRecord, optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { LOWER_ALNUM, randomString } from '../../rng.js';
import { configError } from './errors.js';
import { MULTI_ACCOUNT_PRINCIPAL, organizationFor, organizationForRead } from './org.js';
import {
  configState,
  peekConfig,
  type ConfigRegionState,
  type OrgPackState,
  type PackState,
} from './state.js';

/** AWS's default quotas per account and region. */
const MAX_RULES = 1000;
const MAX_PACKS = 50;

const invalidToken = () => configError('InvalidNextTokenException', 'The nextToken provided is invalid.');
const invalidLimit = () => configError('InvalidLimitException', 'The limit is not valid.');

function own(ctx: CallContext): ConfigRegionState {
  return configState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
}

const suffix = (ctx: CallContext) => randomString(ctx.world, LOWER_ALNUM, 6);

/** Records named in `names` (all when empty), or the `missing` error. */
function select<T>(all: Record<string, T>, names: string[], missing: (n: string) => Error): T[] {
  if (names.length === 0) return Object.values(all);
  return names.map((n) => {
    const found = all[n];
    if (!found) throw missing(n);
    return found;
  });
}

function page<T>(ctx: CallContext, items: T[], input: Input, scope: string, max: number, defaultSize = max) {
  const limit = optInt(input, 'Limit', { min: 0, max });
  return ctx.page(items, optString(input, 'NextToken'), limit || undefined, scope, {
    max,
    defaultSize,
    invalidToken,
    invalidSize: invalidLimit,
  });
}

// ---- rules ----

const noRule = (name: string) =>
  configError('NoSuchConfigRuleException', `The ConfigRule '${name}' provided in the request is invalid.`);

const putConfigRule: Handler = (ctx, input) => {
  const rule = optRecord(input, 'ConfigRule') ?? {};
  const name = reqString(rule, 'ConfigRuleName', { min: 1, max: 128 });
  const source = optRecord(rule, 'Source');
  if (!source) throw configError('InvalidParameterValueException', 'Source is required.');
  const state = own(ctx);
  if (source.Owner === 'AWS' && Object.keys(state.recorders).length === 0)
    throw configError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put config rule.',
    );
  const previous = state.rules[name];
  if (!previous && Object.keys(state.rules).length >= MAX_RULES)
    throw configError(
      'MaxNumberOfConfigRulesExceededException',
      'Failed to put config rule because the maximum number of config rules: 1000 is reached.',
    );
  const id = previous?.id ?? `config-rule-${suffix(ctx)}`;
  const { ConfigRuleArn: _arn, ConfigRuleId: _id, ConfigRuleState: _state, ...body } = rule;
  state.rules[name] = {
    name,
    id,
    arn: previous?.arn ?? `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:config-rule/${id}`,
    body,
  };
  return {};
};

const describeConfigRules: Handler = (ctx, input) => {
  const rules = select(
    peekConfig(ctx.world.accounts[ctx.caller.accountId], ctx.region).rules,
    stringList(input, 'ConfigRuleNames'),
    noRule,
  );
  const p = ctx.page(rules, optString(input, 'NextToken'), undefined, 'rules', {
    max: 25,
    defaultSize: 25,
    invalidToken,
  });
  return {
    ConfigRules: p.items.map((r) => ({
      ...r.body,
      ConfigRuleName: r.name,
      ConfigRuleArn: r.arn,
      ConfigRuleId: r.id,
      ConfigRuleState: 'ACTIVE',
      EvaluationModes: r.body.EvaluationModes ?? [{ Mode: 'DETECTIVE' }],
    })),
    NextToken: p.nextToken,
  };
};

const deleteConfigRule: Handler = (ctx, input) => {
  const name = reqString(input, 'ConfigRuleName', { min: 1, max: 128 });
  const state = own(ctx);
  if (!state.rules[name]) throw noRule(name);
  delete state.rules[name];
  return {};
};

// ---- conformance packs ----

const noPack = (name: string) =>
  configError(
    'NoSuchConformancePackException',
    `One or more conformance packs with specified names are not present. Ensure your names are correct and try your request again: ${name}`,
  );

function requireTemplate(input: Input, error: string): void {
  if (
    optString(input, 'TemplateBody') === undefined &&
    optString(input, 'TemplateS3Uri') === undefined &&
    optRecord(input, 'TemplateSSMDocumentDetails') === undefined
  )
    throw configError(error, 'Either TemplateBody or TemplateS3Uri must be specified.');
}

function packFields(input: Input) {
  const bucket = optString(input, 'DeliveryS3Bucket', { max: 63 });
  const prefix = optString(input, 'DeliveryS3KeyPrefix', { max: 1024 });
  const params = optList(input, 'ConformancePackInputParameters') as PackState['inputParameters'];
  return {
    ...(bucket ? { deliveryS3Bucket: bucket } : {}),
    ...(prefix ? { deliveryS3KeyPrefix: prefix } : {}),
    ...(params && params.length > 0 ? { inputParameters: params } : {}),
  };
}

const putConformancePack: Handler = (ctx, input) => {
  const name = reqString(input, 'ConformancePackName', {
    min: 1,
    max: 256,
    pattern: /^[a-zA-Z][-a-zA-Z0-9]*$/,
  });
  requireTemplate(input, 'ConformancePackTemplateValidationException');
  const state = own(ctx);
  const previous = state.packs[name];
  if (!previous && Object.keys(state.packs).length >= MAX_PACKS)
    throw configError(
      'MaxNumberOfConformancePacksExceededException',
      'You have reached the limit of conformance packs.',
    );
  const id = previous?.id ?? `conformance-pack-${suffix(ctx)}`;
  const pack: PackState = {
    name,
    id,
    arn:
      previous?.arn ?? `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:conformance-pack/${name}/${id}`,
    ...packFields(input),
    updatedAt: ctx.now.toISOString(),
  };
  state.packs[name] = pack;
  return { ConformancePackArn: pack.arn };
};

const describeConformancePacks: Handler = (ctx, input) => {
  const packs = select(
    peekConfig(ctx.world.accounts[ctx.caller.accountId], ctx.region).packs,
    stringList(input, 'ConformancePackNames'),
    noPack,
  );
  const p = page(ctx, packs, input, 'packs', 20);
  return {
    ConformancePackDetails: p.items.map((k) => ({
      ConformancePackName: k.name,
      ConformancePackArn: k.arn,
      ConformancePackId: k.id,
      DeliveryS3Bucket: k.deliveryS3Bucket,
      DeliveryS3KeyPrefix: k.deliveryS3KeyPrefix,
      ConformancePackInputParameters: k.inputParameters ?? [],
      LastUpdateRequestedTime: new Date(k.updatedAt),
    })),
    NextToken: p.nextToken,
  };
};

const deleteConformancePack: Handler = (ctx, input) => {
  const name = reqString(input, 'ConformancePackName', { min: 1, max: 256 });
  const state = own(ctx);
  if (!state.packs[name]) throw noPack(name);
  delete state.packs[name];
  return {};
};

// ---- organization rules and packs (kept in the management account's state) ----

/** For a write: the management account's state for the region, created on first use. */
function orgHome(ctx: CallContext): { managementId: string; home: ConfigRegionState } {
  const managementId = organizationFor(ctx, MULTI_ACCOUNT_PRINCIPAL).managementAccountId;
  return { managementId, home: configState(ensureAccount(ctx.world, managementId, ctx.now), ctx.region) };
}

/** For a read: the management account's state for the region, as it is (reads change nothing). */
function peekOrgHome(ctx: CallContext): ConfigRegionState {
  const managementId = organizationForRead(ctx, MULTI_ACCOUNT_PRINCIPAL).managementAccountId;
  return peekConfig(ctx.world.accounts[managementId], ctx.region);
}

const putOrganizationConformancePack: Handler = (ctx, input) => {
  const name = reqString(input, 'OrganizationConformancePackName', {
    min: 1,
    max: 128,
    pattern: /^[a-zA-Z][-a-zA-Z0-9]*$/,
  });
  requireTemplate(input, 'OrganizationConformancePackTemplateValidationException');
  const { managementId, home } = orgHome(ctx);
  const previous = home.orgPacks[name];
  const pack: OrgPackState = {
    name,
    arn:
      previous?.arn ??
      `arn:aws:config:${ctx.region}:${managementId}:organization-conformance-pack/${name}-${suffix(ctx)}`,
    ...packFields(input),
    excludedAccounts: stringList(input, 'ExcludedAccounts'),
    updatedAt: ctx.now.toISOString(),
  };
  home.orgPacks[name] = pack;
  return { OrganizationConformancePackArn: pack.arn };
};

const describeOrganizationConformancePacks: Handler = (ctx, input) => {
  const missing = (n: string) =>
    configError(
      'NoSuchOrganizationConformancePackException',
      `Could not find an OrganizationConformancePack for given request: ${n}`,
    );
  const packs = select(
    peekOrgHome(ctx).orgPacks,
    stringList(input, 'OrganizationConformancePackNames'),
    missing,
  );
  const p = page(ctx, packs, input, 'org-packs', 100, 50);
  return {
    OrganizationConformancePacks: p.items.map((k) => ({
      OrganizationConformancePackName: k.name,
      OrganizationConformancePackArn: k.arn,
      DeliveryS3Bucket: k.deliveryS3Bucket,
      DeliveryS3KeyPrefix: k.deliveryS3KeyPrefix,
      ConformancePackInputParameters: k.inputParameters ?? [],
      ExcludedAccounts: k.excludedAccounts,
      LastUpdateTime: new Date(k.updatedAt),
    })),
    NextToken: p.nextToken,
  };
};

const RULE_METADATA = [
  'OrganizationManagedRuleMetadata',
  'OrganizationCustomRuleMetadata',
  'OrganizationCustomPolicyRuleMetadata',
] as const;

const putOrganizationConfigRule: Handler = (ctx, input) => {
  const name = reqString(input, 'OrganizationConfigRuleName', { min: 1, max: 64 });
  const given = RULE_METADATA.filter((m) => optRecord(input, m) !== undefined);
  if (given.length !== 1)
    throw configError(
      'ValidationException',
      'Specify exactly one of OrganizationManagedRuleMetadata, OrganizationCustomRuleMetadata or OrganizationCustomPolicyRuleMetadata.',
    );
  const { managementId, home } = orgHome(ctx);
  const previous = home.orgRules[name];
  const metadata = given[0]!;
  const { PolicyText: _text, ...shown } = optRecord(input, metadata)!;
  home.orgRules[name] = {
    name,
    arn:
      previous?.arn ??
      `arn:aws:config:${ctx.region}:${managementId}:organization-config-rule/${name}-${suffix(ctx)}`,
    body: { [metadata]: shown },
    excludedAccounts: stringList(input, 'ExcludedAccounts'),
    updatedAt: ctx.now.toISOString(),
  };
  return { OrganizationConfigRuleArn: home.orgRules[name].arn };
};

const describeOrganizationConfigRules: Handler = (ctx, input) => {
  const missing = (n: string) =>
    configError(
      'NoSuchOrganizationConfigRuleException',
      `The OrganizationConfigRule '${n}' provided in the request is invalid.`,
    );
  const rules = select(peekOrgHome(ctx).orgRules, stringList(input, 'OrganizationConfigRuleNames'), missing);
  const p = page(ctx, rules, input, 'org-rules', 100, 50);
  return {
    OrganizationConfigRules: p.items.map((r) => ({
      ...r.body,
      OrganizationConfigRuleName: r.name,
      OrganizationConfigRuleArn: r.arn,
      ExcludedAccounts: r.excludedAccounts,
      LastUpdateTime: new Date(r.updatedAt),
    })),
    NextToken: p.nextToken,
  };
};

export const ruleOperations: Record<string, Handler> = {
  PutConfigRule: putConfigRule,
  DescribeConfigRules: describeConfigRules,
  DeleteConfigRule: deleteConfigRule,
  PutConformancePack: putConformancePack,
  DescribeConformancePacks: describeConformancePacks,
  DeleteConformancePack: deleteConformancePack,
  PutOrganizationConformancePack: putOrganizationConformancePack,
  DescribeOrganizationConformancePacks: describeOrganizationConformancePacks,
  PutOrganizationConfigRule: putOrganizationConfigRule,
  DescribeOrganizationConfigRules: describeOrganizationConfigRules,
};
