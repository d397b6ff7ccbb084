/** The OU tree as text, the way a person reads it: OUs first (by name), then accounts, with box lines. */
import type { OrgTree } from '../model/org-tree.js';
import { termText } from './escape.js';

export function renderTree(tree: OrgTree): string {
  const ousByParent = new Map<string, OrgTree['ous']>();
  for (const ou of tree.ous) ousByParent.set(ou.parentId, [...(ousByParent.get(ou.parentId) ?? []), ou]);
  const accountsByParent = new Map<string, OrgTree['accounts']>();
  for (const account of tree.accounts) {
    accountsByParent.set(account.parentId, [...(accountsByParent.get(account.parentId) ?? []), account]);
  }
  const t = termText;
  const lines = [`Root ${t(tree.rootId)}  (organization ${t(tree.organizationId)}, ${t(tree.featureSet)})`];
  const walk = (parentId: string, prefix: string): void => {
    const ous = [...(ousByParent.get(parentId) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const accounts = [...(accountsByParent.get(parentId) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const entries = [...ous.map((ou) => ({ ou })), ...accounts.map((account) => ({ account }))];
    entries.forEach((entry, index) => {
      const last = index === entries.length - 1;
      const branch = last ? '└── ' : '├── ';
      if ('ou' in entry) {
        lines.push(`${prefix}${branch}${t(entry.ou.name)}/  ${t(entry.ou.id)}`);
        walk(entry.ou.id, prefix + (last ? '    ' : '│   '));
      } else {
        const { account } = entry;
        const marks = [
          account.id === tree.managementAccountId ? 'management' : undefined,
          account.status !== 'ACTIVE' ? t(account.status) : undefined,
        ].filter(Boolean);
        lines.push(
          `${prefix}${branch}${t(account.name)}  ${t(account.id)}${marks.length ? `  [${marks.join(', ')}]` : ''}`,
        );
      }
    });
  };
  walk(tree.rootId, '');
  return lines.join('\n');
}
