/** `orgward workloads inventory` for a person: text, JSON, or one HTML page with a box per application. */
import type { WlApplication, WlRegion, WorkloadsInventory } from '../model/workloads.js';
import { esc, termText as t } from './escape.js';

export const WORKLOADS_FORMATS = ['table', 'json', 'html'] as const;
export type WorkloadsFormat = (typeof WORKLOADS_FORMATS)[number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const money = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** `arn:aws:kms:…:alias/x` → `alias/x`, `…:key/id` → `key/id`. */
const keyLabel = (arn: string) => arn.replace(/^arn:aws[a-z-]*:kms:[^:]*:\d*:/, '');

function regionOf(inv: WorkloadsInventory, app: WlApplication): WlRegion {
  return inv.regions.find((r) => r.region === app.region)!;
}

/** The application's parts, each a line for people. */
export function applicationLines(inv: WorkloadsInventory, app: WlApplication): string[] {
  const region = regionOf(inv, app);
  const lines: string[] = [];
  const lb = region.loadBalancers.find((l) => l.arn === app.loadBalancerArn);
  if (lb) {
    const tgs = app.targetGroupArns
      .map((arn) => region.targetGroups.find((tg) => tg.arn === arn)!)
      .filter(Boolean);
    const tgText = tgs
      .map((tg) => {
        const healthy = tg.targets.filter((x) => x.health === 'healthy').length;
        return `${tg.name} (${tg.targetType}, ${plural(tg.targets.length, 'target')}, ${healthy} healthy)`;
      })
      .join(', ');
    lines.push(`load balancer ${lb.name} (${lb.type}, ${lb.scheme}) → ${tgText || 'no target group'}`);
  }
  const instances = app.instanceIds
    .map((id) => region.instances.find((x) => x.id === id)!)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const i of instances) {
    const vols = i.volumeIds
      .map((v) => region.volumes.find((x) => x.id === v))
      .filter((v) => v !== undefined)
      .map((v) => `${v.sizeGiB} GiB${v.encrypted ? ` encrypted ${keyLabel(v.kmsKeyId ?? '')}` : ''}`)
      .join(', ');
    lines.push(
      `instance ${i.name || '-'} ${i.id} ${i.type} ${i.state}${i.privateIp ? ` ${i.privateIp}` : ''}${vols ? `; volumes ${vols}` : ''}`,
    );
  }
  const groups = app.securityGroupIds.map((id) => region.securityGroups.find((g) => g.id === id)?.name ?? id);
  if (groups.length) lines.push(`security groups ${groups.join(', ')}`);
  const subnets = app.subnetIds.map((id) => region.network.subnets.find((s) => s.id === id));
  const vpcs = app.vpcIds.map((id) => region.network.vpcs.find((v) => v.id === id));
  if (vpcs.length)
    lines.push(
      `network ${vpcs.map((v) => (v ? `${v.name || v.id} ${v.cidr}${v.isDefault ? ' (default VPC)' : ''}` : '?')).join(', ')}; subnets ${subnets.map((s) => (s ? `${s.name || s.id} ${s.cidr}` : '?')).join(', ') || '-'}`,
    );
  for (const id of app.databaseIds) {
    const db = region.databases.find((d) => d.id === id)!;
    lines.push(
      `database ${db.id} (${db.engine}, ${db.instanceClass}${db.encrypted ? `, encrypted ${keyLabel(db.kmsKeyId ?? '')}` : ''})`,
    );
  }
  if (app.kmsKeyIds.length)
    lines.push(`keys to share with the target account: ${app.kmsKeyIds.map(keyLabel).join(', ')}`);
  for (const ref of app.crossAccountGroups)
    lines.push(
      `admits ${ref.accountId}/${ref.groupId} (a group of another account: only across a peering in one region)`,
    );
  return lines;
}

function headline(inv: WorkloadsInventory): string {
  return `Workloads in ${inv.accountName} (${inv.accountId})${inv.management ? ', the management account' : ''}: ${plural(inv.applications.length, 'application')} in ${plural(inv.regions.length, 'region')} read`;
}

function extras(inv: WorkloadsInventory): string[] {
  const functions = inv.regions.flatMap((r) => r.functions.map((f) => `${f.name} (${r.region})`));
  const lines: string[] = [];
  if (functions.length) lines.push(`Lambda functions: ${functions.join(', ')}`);
  if (inv.buckets.length) lines.push(`S3 buckets: ${inv.buckets.join(', ')}`);
  if (inv.cost)
    lines.push(
      `Cost in ${inv.cost.month}: ${money(inv.cost.total)} USD${
        inv.cost.services.length
          ? ` (${inv.cost.services
              .slice(0, 4)
              .map((s) => `${s.service} ${money(s.amount)}`)
              .join(', ')})`
          : ''
      }`,
    );
  for (const r of inv.regions) for (const u of r.unread) lines.push(`not read in ${r.region}: ${u}`);
  lines.push(`${inv.calls} AWS calls`);
  return lines;
}

function text(inv: WorkloadsInventory): string {
  const lines = [headline(inv), ''];
  for (const app of inv.applications) {
    lines.push(`${app.name} (${app.kind}, ${app.region})`);
    for (const line of applicationLines(inv, app)) lines.push(`  ${line}`);
    lines.push('');
  }
  if (inv.applications.length === 0) lines.push('No instances or load balancers.', '');
  lines.push(...extras(inv));
  return `${lines.map(t).join('\n')}\n`;
}

function html(inv: WorkloadsInventory): string {
  const apps = inv.applications
    .map(
      (
        app,
      ) => `<section class="app" data-app="${esc(app.name)}"><h2>${esc(app.name)} <small>${esc(app.kind)}, ${esc(app.region)}</small></h2>
<ul>${applicationLines(inv, app)
        .map((l) => `<li>${esc(l)}</li>`)
        .join('')}</ul></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orgward · ${esc(headline(inv))}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}.app{border:1px solid #bbb;border-radius:6px;padding:.5em 1em;margin:1em 0}.app h2{font-size:1.1em;margin:.3em 0}.app small{color:#666;font-weight:normal}li{margin:.2em 0}</style>
</head><body>
<h1>${esc(headline(inv))}</h1>
${apps}
${extras(inv)
  .map((l) => `<p>${esc(l)}</p>`)
  .join('\n')}
</body></html>
`;
}

export function renderWorkloadsInventory(inv: WorkloadsInventory, format: WorkloadsFormat): string {
  if (format === 'json') return `${JSON.stringify(inv, null, 2)}\n`;
  return format === 'html' ? html(inv) : text(inv);
}
