/**
 * Applications from an account's resources, by the dependency graph: a load balancer → its listeners'
 * target groups → their targets (instances, or private IPs of instances) → the instances' volumes,
 * security groups, subnets and VPCs; the load balancer's own groups; and the databases whose security
 * groups admit one of the application's groups. An instance behind no load balancer is an application of
 * its own. Pure: no I/O.
 */
import type { WlApplication, WlRegion } from '../model/workloads.js';

const uniq = (values: Iterable<string | undefined>) =>
  [...new Set([...values].filter((v): v is string => v !== undefined && v !== ''))].sort();

export function applicationsOf(region: WlRegion, accountId: string): WlApplication[] {
  const instanceById = new Map(region.instances.map((i) => [i.id, i]));
  const instanceByIp = new Map(
    region.instances.flatMap((i) => (i.privateIp ? [[i.privateIp, i] as const] : [])),
  );
  const tgByArn = new Map(region.targetGroups.map((tg) => [tg.arn, tg]));
  const volumeById = new Map(region.volumes.map((v) => [v.id, v]));
  const groupById = new Map(region.securityGroups.map((g) => [g.id, g]));
  const live = (state: string) => state !== 'terminated' && state !== 'shutting-down';

  const build = (
    name: string,
    kind: WlApplication['kind'],
    lbArn: string | undefined,
    tgArns: string[],
    instanceIds: string[],
    lbGroups: string[],
  ): WlApplication => {
    const instances = instanceIds.map((id) => instanceById.get(id)!).filter(Boolean);
    const volumeIds = uniq(instances.flatMap((i) => i.volumeIds));
    const groups = new Set([...lbGroups, ...instances.flatMap((i) => i.securityGroupIds)]);
    // Databases whose groups admit one of the application's groups.
    const databases = region.databases.filter((db) =>
      db.securityGroupIds.some((id) => groupById.get(id)?.admits.some((a) => groups.has(a.groupId))),
    );
    for (const db of databases) for (const id of db.securityGroupIds) groups.add(id);
    const crossAccount = [...groups].flatMap((id) =>
      (groupById.get(id)?.admits ?? []).filter((a) => a.accountId !== accountId && a.accountId !== ''),
    );
    return {
      name,
      region: region.region,
      kind,
      loadBalancerArn: lbArn,
      targetGroupArns: uniq(tgArns),
      instanceIds: uniq(instanceIds),
      volumeIds,
      kmsKeyIds: uniq([
        ...volumeIds.map((id) => volumeById.get(id)?.kmsKeyId),
        ...databases.map((db) => db.kmsKeyId),
      ]),
      securityGroupIds: uniq(groups),
      subnetIds: uniq(instances.map((i) => i.subnetId)),
      vpcIds: uniq([
        ...instances.map((i) => i.vpcId),
        ...(lbArn ? [region.loadBalancers.find((lb) => lb.arn === lbArn)?.vpcId] : []),
      ]),
      databaseIds: uniq(databases.map((db) => db.id)),
      crossAccountGroups: crossAccount.sort((a, b) => a.groupId.localeCompare(b.groupId)),
    };
  };

  const claimed = new Set<string>();
  const apps: WlApplication[] = [];
  for (const lb of [...region.loadBalancers].sort((a, b) => a.name.localeCompare(b.name))) {
    const tgArns = uniq(lb.listeners.flatMap((l) => l.targetGroupArns));
    const instanceIds = uniq(
      tgArns.flatMap((arn) =>
        (tgByArn.get(arn)?.targets ?? []).map((t) =>
          tgByArn.get(arn)?.targetType === 'ip' ? instanceByIp.get(t.id)?.id : instanceById.get(t.id)?.id,
        ),
      ),
    );
    for (const id of instanceIds) claimed.add(id);
    apps.push(build(lb.name, 'load-balanced', lb.arn, tgArns, instanceIds, lb.securityGroupIds));
  }
  for (const instance of [...region.instances].sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  ))
    if (!claimed.has(instance.id) && live(instance.state))
      apps.push(build(instance.name || instance.id, 'standalone', undefined, [], [instance.id], []));
  return apps;
}

/** Finds an application by name or load balancer ARN; undefined when none matches. */
export function findApplication(
  apps: readonly WlApplication[],
  nameOrArn: string,
): WlApplication | undefined {
  return apps.find((a) => a.loadBalancerArn === nameOrArn) ?? apps.find((a) => a.name === nameOrArn);
}
