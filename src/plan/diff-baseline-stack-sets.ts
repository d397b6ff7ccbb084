/**
 * The baseline's stack sets: created or updated (template, parameters, capabilities, description,
 * automatic deployment), deployed to their targets in their regions; under `prune: [baseline]`, targets
 * and regions the file dropped are removed and orgward's stack sets the file no longer names deleted.
 */
import type { DesiredStackSet, LiveStackSet } from '../model/baseline.js';
import { sameValue } from '../util/json.js';
import type { BaselineDiff } from './diff-baseline.js';
import type { TargetRef } from './operations.js';

function changes(want: DesiredStackSet, have: LiveStackSet, targets: TargetRef[]): string[] {
  const ids = targets.map((t) => t.id);
  return [
    have.template !== want.template && 'template',
    !sameValue(have.parameters, want.parameters) && 'parameters',
    !sameValue(have.capabilities, want.capabilities) && 'capabilities',
    have.description !== want.description && 'description',
    !sameValue(have.autoDeployment, want.autoDeployment) && 'automatic deployment',
    ids.some((id) => !id || !have.targetIds.includes(id)) && 'targets',
    want.regions.some((r) => !have.regions.includes(r)) && 'regions',
  ].filter((x): x is string => Boolean(x));
}

function describeTargets(targets: TargetRef[]): string {
  return targets
    .map((t) => (t.kind === 'root' ? 'root' : t.kind === 'ou' ? `ou:${t.path}` : t.name))
    .join(', ');
}

function diffStackSet(d: BaselineDiff, want: DesiredStackSet): void {
  const have = d.state.stackSets[want.name] ?? null;
  const targets = want.targets.map((t) => d.live.targetRef(t));
  const found = have ? changes(want, have, targets) : [];
  const ids = new Set(targets.map((t) => t.id));
  const staleTargets = d.prune && have ? have.targetIds.filter((id) => !ids.has(id)) : [];
  const staleRegions = d.prune && have ? have.regions.filter((r) => !want.regions.includes(r)) : [];
  if (have && !found.length && !staleTargets.length && !staleRegions.length) return;
  const removing = [
    staleTargets.length && `remove targets ${staleTargets.join(', ')}`,
    staleRegions.length && `remove regions ${staleRegions.join(', ')}`,
  ].filter(Boolean);
  d.b.add(
    `baseline:stack-set:${want.name}`,
    {
      kind: 'put-stack-set',
      region: d.baseline.homeRegion,
      stackSet: want,
      targets,
      remove: { targetIds: staleTargets, regions: staleRegions },
      impact: have ? (staleTargets.length || staleRegions.length ? 'delete' : 'update') : 'create',
      summary: have
        ? `stack set ${want.name}: ${[...(found.length ? [`set ${found.join(', ')}`] : []), ...removing].join('; ')}`
        : `stack set ${want.name} (service-managed) to ${describeTargets(targets)} in ${want.regions.length} region${want.regions.length === 1 ? '' : 's'}${want.autoDeployment.enabled ? ', new accounts included' : ''}`,
    },
    [
      d.orgDep('trusted-access:enable:member.org.stacksets.cloudformation.amazonaws.com'),
      ...want.targets.map((t) => (t.kind === 'ou' ? d.orgDep(`ou:create:${t.path}`) : undefined)),
    ],
  );
}

export function diffStackSets(d: BaselineDiff): void {
  for (const want of d.baseline.stackSets) diffStackSet(d, want);
  if (!d.prune) return;
  for (const [name, have] of Object.entries(d.state.stackSets)) {
    if (!have?.managed || d.baseline.stackSets.some((s) => s.name === name)) continue;
    d.b.add(`baseline:stack-set:delete:${name}`, {
      kind: 'delete-stack-set',
      region: d.baseline.homeRegion,
      name,
      targetIds: have.targetIds,
      regions: have.regions,
      impact: 'delete',
      summary: `delete stack set ${name} and its stacks in ${have.regions.length} regions (not in the file)`,
    });
  }
}
