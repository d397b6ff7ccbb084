/**
 * Which trails an account sees in a region, and how a `Name` (a name or an ARN) resolves:
 *
 * - its own trails homed in the region;
 * - with shadow trails: its own multi-region trails homed elsewhere, and the organization trails of its
 *   organization (owned by the management account: multi-region ones everywhere, single-region ones in
 *   their home region), with the management account's ARN.
 *
 * Cost: the caller's and the management account's trails only (a handful per region), never the world.
 */
import type { CallContext } from '../../service.js';
import type { World } from '../../world.js';
import { organizationOf } from '../organizations/state.js';
import { trailNotFound } from './errors.js';
import { ownedTrails, peekTrails, trailArn, type TrailState } from './state.js';

function shows(trail: TrailState, region: string): boolean {
  return trail.homeRegion === region || trail.isMultiRegionTrail;
}

export function visibleTrails(
  world: World,
  accountId: string,
  region: string,
  shadows: boolean,
): TrailState[] {
  const account = world.accounts[accountId];
  if (!shadows) return peekTrails(account, region);
  const seen = new Set<string>();
  const out: TrailState[] = [];
  const add = (trail: TrailState) => {
    const arn = trailArn(trail);
    if (!seen.has(arn)) {
      seen.add(arn);
      out.push(trail);
    }
  };
  peekTrails(account, region).forEach(add);
  for (const trail of ownedTrails(account)) if (shows(trail, region)) add(trail);
  const org = organizationOf(world, accountId);
  if (org && org.managementAccountId !== accountId) {
    const management = world.accounts[org.managementAccountId];
    for (const trail of ownedTrails(management))
      if (trail.isOrganizationTrail && shows(trail, region)) add(trail);
  }
  return out;
}

const ARN_RE = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** The trail `name` (a name or an ARN) names, among those the caller sees in this region. */
export function findTrail(ctx: CallContext, name: string): TrailState | undefined {
  const visible = visibleTrails(ctx.world, ctx.caller.accountId, ctx.region, true);
  const arn = ARN_RE.exec(name);
  if (arn) return visible.find((t) => trailArn(t) === name);
  return (
    visible.find(
      (t) => t.name === name && t.accountId === ctx.caller.accountId && t.homeRegion === ctx.region,
    ) ?? visible.find((t) => t.name === name)
  );
}

export function requireTrail(ctx: CallContext, name: string): TrailState {
  const trail = findTrail(ctx, name);
  if (!trail) throw trailNotFound(name, ctx.caller.accountId, ctx.region);
  return trail;
}
