/**
 * Elastic Load Balancing v2 (awsQuery), regional per account: load balancers (load-balancers.ts), their
 * listeners (listeners.ts), target groups with their targets and target health (target-groups.ts,
 * health.ts). State: state.ts; the world-document member: seed.ts. Differences: SPEC.md.
 */
import type { Handler } from '../../service.js';
import { listenerOperations } from './listeners.js';
import { loadBalancerOperations } from './load-balancers.js';
import { targetGroupOperations } from './target-groups.js';

export const elbv2Operations: Record<string, Handler> = {
  ...loadBalancerOperations,
  ...targetGroupOperations,
  ...listenerOperations,
};

export { ipTargetReachable } from './health.js';
export { loadBalancersSeeder } from './seed.js';
export { peekLoadBalancers } from './state.js';
