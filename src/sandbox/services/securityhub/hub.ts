/** EnableSecurityHub, DescribeHub, DisableSecurityHub and the standards. */
import { optBool, optInt, optList, optRecord, optString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount, type AccountRecord } from '../../world.js';
import { STANDARDS, standardArn, standardByArn, subscriptionArn } from './catalogue.js';
import { conflict, invalidInput, notSubscribed } from './errors.js';
import { hubState, peekHub, type HubState } from './state.js';

export function hubArn(region: string, accountId: string): string {
  return `arn:aws:securityhub:${region}:${accountId}:hub/default`;
}

/** Turns the hub on in an account and region (EnableSecurityHub, auto-enable, CreateMembers, seeding). */
export function enableHub(
  account: AccountRecord,
  region: string,
  now: Date,
  defaultStandards: boolean,
): HubState {
  const state = hubState(account, region);
  state.hub ??= {
    subscribedAt: now.toISOString(),
    autoEnableControls: true,
    controlFindingGenerator: 'SECURITY_CONTROL',
    standards: {},
  };
  if (defaultStandards)
    for (const standard of STANDARDS.filter((s) => s.enabledByDefault))
      state.hub.standards[subscriptionArn(standard, region, account.id)] = {
        standardsArn: standardArn(standard, region),
        input: {},
      };
  return state.hub;
}

/** The caller's hub in this region, or InvalidAccessException as AWS answers. */
export function requireHub(ctx: CallContext): HubState {
  const hub = peekHub(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.hub;
  if (!hub) throw notSubscribed(ctx.caller.accountId);
  return hub;
}

const enable: Handler = (ctx, input) => {
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  if (hubState(account, ctx.region).hub) throw conflict('Account is already subscribed to Security Hub');
  const hub = enableHub(account, ctx.region, ctx.now, optBool(input, 'EnableDefaultStandards') ?? true);
  const generator = optString(input, 'ControlFindingGenerator', {
    oneOf: ['STANDARD_CONTROL', 'SECURITY_CONTROL'],
  });
  if (generator) hub.controlFindingGenerator = generator;
  return {};
};

const describe: Handler = (ctx) => {
  const hub = requireHub(ctx);
  return {
    HubArn: hubArn(ctx.region, ctx.caller.accountId),
    SubscribedAt: hub.subscribedAt,
    AutoEnableControls: hub.autoEnableControls,
    ControlFindingGenerator: hub.controlFindingGenerator,
  };
};

const disable: Handler = (ctx) => {
  requireHub(ctx);
  const state = hubState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  if (Object.values(state.members).some((m) => m.status === 'Enabled'))
    throw invalidInput('The administrator account cannot be disabled while it has member accounts.');
  delete state.hub;
  return {};
};

function subscriptionShape(
  arn: string,
  sub: { standardsArn: string; input: Record<string, string> },
  status = 'READY',
) {
  return {
    StandardsSubscriptionArn: arn,
    StandardsArn: sub.standardsArn,
    StandardsInput: sub.input,
    StandardsStatus: status,
    StandardsControlsUpdatable: 'READY_FOR_UPDATES',
  };
}

const PAGE = (max: number) => ({
  max,
  defaultSize: max,
  invalidToken: () => invalidInput('The NextToken is invalid.'),
});

const getEnabledStandards: Handler = (ctx, input) => {
  const hub = requireHub(ctx);
  const wanted = stringList(input, 'StandardsSubscriptionArns');
  const entries = Object.entries(hub.standards).filter(
    ([arn]) => wanted.length === 0 || wanted.includes(arn),
  );
  const page = ctx.page(
    entries,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults'),
    'standards',
    PAGE(100),
  );
  return {
    StandardsSubscriptions: page.items.map(([arn, sub]) => subscriptionShape(arn, sub)),
    NextToken: page.nextToken,
  };
};

const batchEnable: Handler = (ctx, input) => {
  const hub = requireHub(ctx);
  const requests = (optList(input, 'StandardsSubscriptionRequests') ?? []) as Input[];
  if (requests.length === 0 || requests.length > 25)
    throw invalidInput('StandardsSubscriptionRequests must hold between 1 and 25 requests.');
  const out = requests.map((request) => {
    const arn = optString(request, 'StandardsArn') ?? '';
    const standard = standardByArn(arn, ctx.region);
    if (!standard) throw invalidInput(`Invalid StandardsArn: ${arn}`);
    const sub = {
      standardsArn: arn,
      input: (optRecord(request, 'StandardsInput') ?? {}) as Record<string, string>,
    };
    const subArn = subscriptionArn(standard, ctx.region, ctx.caller.accountId);
    hub.standards[subArn] = sub;
    return subscriptionShape(subArn, sub);
  });
  return { StandardsSubscriptions: out };
};

const batchDisable: Handler = (ctx, input) => {
  const hub = requireHub(ctx);
  const arns = stringList(input, 'StandardsSubscriptionArns');
  if (arns.length === 0 || arns.length > 25)
    throw invalidInput('StandardsSubscriptionArns must hold between 1 and 25 ARNs.');
  const out = arns.map((arn) => {
    const sub = hub.standards[arn];
    if (!sub) throw invalidInput(`Invalid StandardsSubscriptionArn: ${arn}`);
    delete hub.standards[arn];
    return subscriptionShape(arn, sub, 'DELETING');
  });
  return { StandardsSubscriptions: out };
};

const describeStandards: Handler = (ctx, input) => {
  requireHub(ctx);
  const page = ctx.page(
    STANDARDS,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults'),
    'catalogue',
    PAGE(100),
  );
  return {
    Standards: page.items.map((s) => ({
      StandardsArn: standardArn(s, ctx.region),
      Name: s.name,
      Description: s.description,
      EnabledByDefault: s.enabledByDefault,
      StandardsManagedBy: {
        Company: s.path.startsWith('cis') ? 'CIS' : s.path.startsWith('nist') ? 'NIST' : 'AWS',
        Product: 'Security Hub',
      },
    })),
    NextToken: page.nextToken,
  };
};

export const hubOperations: Record<string, Handler> = {
  EnableSecurityHub: enable,
  DescribeHub: describe,
  DisableSecurityHub: disable,
  GetEnabledStandards: getEnabledStandards,
  BatchEnableStandards: batchEnable,
  BatchDisableStandards: batchDisable,
  DescribeStandards: describeStandards,
};
