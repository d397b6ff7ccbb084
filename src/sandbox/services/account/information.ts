/**
 * The account's name and standing: PutAccountName and GetAccountInformation, for the caller's own
 * account or (with `AccountId`) a member the caller manages (`targetAccount`). The name is the world's
 * `accounts[id].name`, the one Organizations' DescribeAccount shows.
 */
import { reqString } from '../../input.js';
import { typedOperations } from '../../service.js';
import { withIsoTimestamps } from '../../shared/iso-json.js';
import type { Operations } from './shapes.generated.js';
import { targetAccount } from './target.js';

export const informationOperations = typedOperations<Operations>()({
  PutAccountName(ctx, input) {
    const name = reqString(input, 'AccountName', { min: 1, max: 50, pattern: /^[ -;=?-~]+$/ });
    targetAccount(ctx, input).name = name;
    return {};
  },

  GetAccountInformation(ctx, input) {
    const account = targetAccount(ctx, input);
    // AccountCreatedDate is an ISO 8601 timestamp on the wire (the model's `timestampFormat`).
    return withIsoTimestamps({
      AccountId: account.id,
      AccountName: account.name,
      AccountCreatedDate: new Date(account.createdAt),
      // A closed account stays SUSPENDED for the 90 days AWS keeps it before it is CLOSED for good.
      AccountState: account.closed ? ('SUSPENDED' as const) : ('ACTIVE' as const),
    });
  },
});
