/** Cross-Region finding aggregators: one per account, in its aggregation Region. */
import { randomUuid } from '../../rng.js';
import { optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { invalidInput, notFound } from './errors.js';
import { requireHub } from './hub.js';
import { aggregatorSlot, peekAggregator, type AggregatorState } from './state.js';

const MODES = ['ALL_REGIONS', 'ALL_REGIONS_EXCEPT_SPECIFIED', 'SPECIFIED_REGIONS', 'NO_REGIONS'];

function readLinking(input: Input): { mode: string; regions: string[] } {
  const mode = reqString(input, 'RegionLinkingMode', { oneOf: MODES });
  const regions = stringList(input, 'Regions');
  if ((mode === 'ALL_REGIONS' || mode === 'NO_REGIONS') !== (regions.length === 0))
    throw invalidInput(
      `Regions ${mode === 'ALL_REGIONS' || mode === 'NO_REGIONS' ? 'must not' : 'must'} be given with RegionLinkingMode ${mode}.`,
    );
  return { mode, regions };
}

const shape = (a: AggregatorState) => ({
  FindingAggregatorArn: a.arn,
  FindingAggregationRegion: a.region,
  RegionLinkingMode: a.mode,
  Regions: a.regions,
});

function slot(ctx: CallContext) {
  requireHub(ctx);
  return aggregatorSlot(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now));
}

/** For reads: the caller's aggregator, if any (changes nothing). */
function peek(ctx: CallContext): AggregatorState | undefined {
  requireHub(ctx);
  return peekAggregator(ctx.world.accounts[ctx.caller.accountId]);
}

function requireAggregator(ctx: CallContext, arn: string): AggregatorState {
  const aggregator = peek(ctx);
  if (!aggregator || aggregator.arn !== arn) throw notFound(`Finding aggregator ${arn} not found.`);
  return aggregator;
}

const create: Handler = (ctx, input) => {
  const s = slot(ctx);
  if (s.aggregator) throw invalidInput('A finding aggregator already exists for this account.');
  const { mode, regions } = readLinking(input);
  s.aggregator = {
    arn: `arn:aws:securityhub:${ctx.region}:${ctx.caller.accountId}:finding-aggregator/${randomUuid(ctx.world)}`,
    region: ctx.region,
    mode,
    regions,
  };
  return shape(s.aggregator);
};

const list: Handler = (ctx, input) => {
  const aggregator = peek(ctx);
  const page = ctx.page(
    aggregator ? [aggregator] : [],
    optString(input, 'NextToken'),
    undefined,
    'aggregators',
    {
      max: 100,
      defaultSize: 100,
      invalidToken: () => invalidInput('The NextToken is invalid.'),
    },
  );
  return {
    FindingAggregators: page.items.map((a) => ({ FindingAggregatorArn: a.arn })),
    NextToken: page.nextToken,
  };
};

const get: Handler = (ctx, input) => shape(requireAggregator(ctx, reqString(input, 'FindingAggregatorArn')));

const update: Handler = (ctx, input) => {
  const aggregator = requireAggregator(ctx, reqString(input, 'FindingAggregatorArn'));
  Object.assign(aggregator, readLinking(input));
  return shape(aggregator);
};

const remove: Handler = (ctx, input) => {
  requireAggregator(ctx, reqString(input, 'FindingAggregatorArn'));
  delete slot(ctx).aggregator;
  return {};
};

export const aggregatorOperations: Record<string, Handler> = {
  CreateFindingAggregator: create,
  ListFindingAggregators: list,
  GetFindingAggregator: get,
  UpdateFindingAggregator: update,
  DeleteFindingAggregator: remove,
};
