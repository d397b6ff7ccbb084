/** A snapshot for a person: counts, settings, gaps, and the OU tree. */
import type { OrgSnapshot } from '../model/snapshot.js';
import { treeOf } from '../model/org-tree.js';
import { renderTree } from './tree.js';
import { termText } from './escape.js';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderSnapshotSummary(snapshot: OrgSnapshot): string {
  const { organization: org, accounts, ous, policies, identityCenter: ic } = snapshot;
  const active = accounts.filter((a) => a.state === 'ACTIVE').length;
  const byType = new Map<string, number>();
  for (const p of policies.filter((p) => !p.awsManaged)) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
  const management = accounts.find((a) => a.id === org.managementAccountId);
  const t = termText;
  const lines = [
    `Organization ${t(org.id)} (${t(org.featureSet)}), management account ${t(org.managementAccountId)}${management ? ` "${t(management.name)}"` : ''}`,
    `  ${count(ous.length, 'OU')}, ${count(accounts.length, 'account')} (${active} active)`,
    `  policy types enabled: ${org.enabledPolicyTypes.map(t).join(', ') || 'none'}`,
    `  customer policies: ${[...byType].map(([type, n]) => `${n} ${t(type)}`).join(', ') || 'none'}`,
    `  trusted access: ${org.trustedAccess === null ? 'unknown' : org.trustedAccess.map((a) => t(a.servicePrincipal)).join(', ') || 'none'}`,
    `  delegated administrators: ${
      org.delegatedAdministrators === null
        ? 'unknown'
        : org.delegatedAdministrators.map((d) => `${t(d.servicePrincipal)} → ${t(d.accountId)}`).join(', ') ||
          'none'
    }`,
    `  centralized root access: ${
      org.rootAccess === null
        ? 'unknown'
        : `credentials management ${org.rootAccess.credentialsManagement ? 'on' : 'off'}, root sessions ${org.rootAccess.rootSessions ? 'on' : 'off'}`
    }`,
    ic
      ? `  Identity Center: ${count(ic.permissionSets.length, 'permission set')}, ${count(ic.users.length, 'user')}, ${count(ic.groups.length, 'group')}, ${count(ic.assignments.length, 'assignment')}${
          ic.provisioning.some((p) => !p.current)
            ? ` (${ic.provisioning.filter((p) => !p.current).length} provisioned permission sets out of date)`
            : ''
        }`
      : '  Identity Center: not enabled or not readable',
  ];
  if (snapshot.gaps.length > 0) {
    lines.push(`  not read (${snapshot.gaps.length}):`);
    for (const gap of snapshot.gaps)
      lines.push(`    - ${t(gap.part)}: ${t(gap.code)} (${t(gap.service)}:${t(gap.operation)})`);
  }
  return `${lines.join('\n')}\n\n${renderTree(treeOf(snapshot))}`;
}
