/** Which accounts and regions an audit reads. */
import { describe, expect, it } from 'vitest';
import { account, MGMT, ou, ROOT, scp, snapshot } from '../../plan/testing/builders.js';
import { accountsInScope, regionFilterFor, regionsInScope } from './scope.js';

const WORKLOADS = 'ou-ab12-aaaaaaaa';
const PROD = 'ou-ab12-bbbbbbbb';
const WORKLOADS2 = 'ou-ab12-cccccccc';
const REGION_DENY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      NotAction: 'iam:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    },
  ],
});

const org = snapshot({
  ous: [
    ou('Workloads', WORKLOADS, ROOT),
    ou('Workloads/Prod', PROD, WORKLOADS),
    ou('Workloads2', WORKLOADS2, ROOT),
  ],
  accounts: [
    account(MGMT, 'Management', 'mgmt@example.com'),
    account('222222222222', 'Shop', 'shop@example.com', PROD),
    account('333333333333', 'Lab', 'lab@example.com', WORKLOADS2),
    account('444444444444', 'Loose', 'loose@example.com', ROOT),
    account('555555555555', 'Gone', 'gone@example.com', PROD, { state: 'SUSPENDED' }),
  ],
  policies: [scp('p-1', 'Regions', REGION_DENY, [WORKLOADS])],
});

describe('accounts in scope', () => {
  const ids = (options: Parameters<typeof accountsInScope>[1]) =>
    accountsInScope(org, options).map((a) => a.name);

  it('reads every active account without filters', () => {
    expect(ids({})).toEqual(['Management', 'Shop', 'Lab', 'Loose']);
  });

  it('filters by account id or name, keeping the management account', () => {
    expect(ids({ accounts: ['Shop', '444444444444'] })).toEqual(['Management', 'Shop', 'Loose']);
  });

  it('filters by OU path: the OU and those under it, not a sibling sharing a prefix', () => {
    expect(ids({ ous: ['Workloads'] })).toEqual(['Management', 'Shop']);
  });

  it('applies both filters together', () => {
    expect(ids({ accounts: ['Lab', 'Shop'], ous: ['Workloads2'] })).toEqual(['Management', 'Lab']);
  });
});

describe('regions in scope', () => {
  it('keeps the regions named, in the given order, or all without a filter', () => {
    expect(
      regionsInScope({ regions: ['us-east-1', 'eu-west-1'] }, ['eu-west-1', 'ap-south-1', 'us-east-1']),
    ).toEqual(['eu-west-1', 'us-east-1']);
    expect(regionsInScope({ regions: [] }, ['eu-west-1', 'ap-south-1'])).toEqual(['eu-west-1', 'ap-south-1']);
  });

  it("splits a member's regions by the SCPs above it; the management account is not restricted", () => {
    const enabled = ['ap-south-1', 'eu-west-1', 'us-east-1'];
    expect(regionFilterFor(org, {}, '222222222222')(enabled)).toEqual({
      scan: ['eu-west-1', 'us-east-1'],
      denied: ['ap-south-1'],
    });
    expect(regionFilterFor(org, { regions: ['ap-south-1', 'us-east-1'] }, '222222222222')(enabled)).toEqual({
      scan: ['us-east-1'],
      denied: ['ap-south-1'],
    });
    expect(regionFilterFor(org, {}, '444444444444')(enabled)).toEqual({ scan: enabled, denied: [] });
    // Attached to the root, the SCP restricts every member but never the management account.
    const atRoot = { ...org, policies: [scp('p-1', 'Regions', REGION_DENY, [ROOT])] };
    expect(regionFilterFor(atRoot, {}, '444444444444')(enabled).denied).toEqual(['ap-south-1']);
    expect(regionFilterFor(atRoot, {}, MGMT)(enabled)).toEqual({ scan: enabled, denied: [] });
  });
});
