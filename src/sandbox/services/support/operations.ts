/**
 * AWS Support: DescribeSeverityLevels. Accounts on the Basic support plan (world: `account.supportPlan`)
 * get SubscriptionRequiredException, as AWS answers; the others get the levels their plan offers.
 */
import { AwsError } from '../../errors.js';
import type { Handler } from '../../service.js';
import type { SupportPlan } from '../../world.js';

const LEVELS: Array<{ code: string; name: string; from: SupportPlan[] }> = [
  { code: 'low', name: 'Low', from: ['DEVELOPER', 'BUSINESS', 'ENTERPRISE_ON_RAMP', 'ENTERPRISE'] },
  { code: 'normal', name: 'Normal', from: ['DEVELOPER', 'BUSINESS', 'ENTERPRISE_ON_RAMP', 'ENTERPRISE'] },
  { code: 'high', name: 'High', from: ['BUSINESS', 'ENTERPRISE_ON_RAMP', 'ENTERPRISE'] },
  { code: 'urgent', name: 'Urgent', from: ['BUSINESS', 'ENTERPRISE_ON_RAMP', 'ENTERPRISE'] },
  { code: 'critical', name: 'Critical', from: ['ENTERPRISE_ON_RAMP', 'ENTERPRISE'] },
];

const describeSeverityLevels: Handler = (ctx) => {
  const plan = ctx.world.accounts[ctx.caller.accountId]?.supportPlan ?? 'BASIC';
  if (plan === 'BASIC')
    throw new AwsError(
      'SubscriptionRequiredException',
      'AWS Premium Support Subscription is required to use this service.',
    );
  return {
    severityLevels: LEVELS.filter((l) => l.from.includes(plan)).map(({ code, name }) => ({ code, name })),
  };
};

export const supportOperations: Record<string, Handler> = { DescribeSeverityLevels: describeSeverityLevels };
