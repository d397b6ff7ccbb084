/**
 * Target health, decided at once from EC2's state (no health-check intervals): an instance target is
 * healthy while its instance runs; an IP target while something running answers on that address
 * ({@link ipTargetReachable}); the targets of a group no listener forwards to are not in use.
 */
import type { World } from '../../world.js';
import { ec2View, settledState } from '../ec2/state.js';
import type { TargetGroupState, TargetState } from './state.js';

/**
 * Whether an IP target answers: a running instance with that private address in the account's region.
 * The one place that decides it, to be widened to instances reached over a peering.
 */
export function ipTargetReachable(world: World, accountId: string, region: string, ip: string): boolean {
  return Object.values(ec2View(world, accountId, region).instances).some(
    (i) => i.privateIp === ip && settledState(i.state) === 'running',
  );
}

export interface TargetHealth {
  State: 'healthy' | 'unhealthy' | 'unused';
  Reason?: string;
  Description?: string;
}

export const NOT_REGISTERED: TargetHealth = {
  State: 'unused',
  Reason: 'Target.NotRegistered',
  Description: 'Target is not registered to the target group',
};

/** The health of a registered target; `used`: whether a listener forwards to the group. */
export function targetHealth(
  world: World,
  accountId: string,
  region: string,
  tg: TargetGroupState,
  target: TargetState,
  used: boolean,
): TargetHealth {
  if (!used)
    return {
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target group is not configured to receive traffic from the load balancer',
    };
  if (tg.targetType === 'instance') {
    const instance = ec2View(world, accountId, region).instances[target.id];
    if (!instance || settledState(instance.state) !== 'running')
      return {
        State: 'unused',
        Reason: 'Target.InvalidState',
        Description: 'Target is in the stopped or terminated state',
      };
    return { State: 'healthy' };
  }
  return ipTargetReachable(world, accountId, region, target.id)
    ? { State: 'healthy' }
    : { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' };
}
