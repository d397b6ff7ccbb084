/** ListRegions and GetRegionOptStatus, from the account's enabled regions (world: `enabledRegions`). */
import { AwsError } from '../../errors.js';
import { optInt, optString, reqString, stringList } from '../../input.js';
import type { Handler } from '../../service.js';
import { DEFAULT_REGIONS, type AccountRecord } from '../../world.js';
import { OPT_IN_REGIONS } from './state.js';
import { targetAccount } from './target.js';

const ALL_REGIONS: string[] = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS].sort();
const DEFAULTS = new Set<string>(DEFAULT_REGIONS);

function optStatus(account: AccountRecord, region: string): string {
  if (DEFAULTS.has(region)) return 'ENABLED_BY_DEFAULT';
  return account.enabledRegions.includes(region) ? 'ENABLED' : 'DISABLED';
}

const validation = (message: string) =>
  new AwsError('ValidationException', message, { extras: { reason: 'invalidRegionOptTarget' } });

const listRegions: Handler = (ctx, input) => {
  const account = targetAccount(ctx, input);
  const wanted = stringList(input, 'RegionOptStatusContains');
  const regions = ALL_REGIONS.map((RegionName) => ({
    RegionName,
    RegionOptStatus: optStatus(account, RegionName),
  })).filter((r) => wanted.length === 0 || wanted.includes(r.RegionOptStatus));
  const page = ctx.page(
    regions,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults'),
    `regions:${wanted.join(',')}`,
    {
      max: 50,
      defaultSize: 50,
      invalidToken: () => validation('The NextToken is not valid.'),
    },
  );
  return { Regions: page.items, NextToken: page.nextToken };
};

const getRegionOptStatus: Handler = (ctx, input) => {
  const region = reqString(input, 'RegionName', { min: 1, max: 50 });
  if (!ALL_REGIONS.includes(region)) throw validation(`Invalid region: ${region}`);
  return { RegionName: region, RegionOptStatus: optStatus(targetAccount(ctx, input), region) };
};

export const regionOperations: Record<string, Handler> = {
  ListRegions: listRegions,
  GetRegionOptStatus: getRegionOptStatus,
};
