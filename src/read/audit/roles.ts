/** Who is the security tooling and the log-archive account: from settings, else recognised. */
import { UsageError } from '../../errors/index.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import type { AuditRoles } from '../../model/evidence.js';
import type { AuditSettings } from '../../model/audit-settings.js';

const SECURITY_SERVICES = [
  'guardduty.amazonaws.com',
  'securityhub.amazonaws.com',
  'config.amazonaws.com',
  'access-analyzer.amazonaws.com',
];

export function resolveRoles(snapshot: OrgSnapshot, settings: AuditSettings): AuditRoles {
  const notes: string[] = [];
  const byRef = (ref: string, what: string) => {
    const account = snapshot.accounts.find((a) => a.id === ref || a.name === ref);
    if (!account)
      throw new UsageError(
        `audit settings name ${what} "${ref}", which is not an account of this organization`,
        'use an account id or the exact account name',
      );
    notes.push(`${what}: ${account.name} (from settings)`);
    return account.id;
  };
  const securityTooling = settings.accounts.securityTooling
    ? byRef(settings.accounts.securityTooling, 'the security tooling account')
    : recogniseSecurity(snapshot, notes);
  const logArchive = settings.accounts.logArchive
    ? byRef(settings.accounts.logArchive, 'the log-archive account')
    : recognise(snapshot, /\blog/i, 'the log-archive account', notes);
  return { securityTooling, logArchive, notes };
}

function recogniseSecurity(snapshot: OrgSnapshot, notes: string[]): string | null {
  const counts = new Map<string, number>();
  for (const d of snapshot.organization.delegatedAdministrators ?? []) {
    if (SECURITY_SERVICES.includes(d.servicePrincipal))
      counts.set(d.accountId, (counts.get(d.accountId) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (best) {
    const name = snapshot.accounts.find((a) => a.id === best[0])?.name ?? best[0];
    notes.push(`the security tooling account: ${name} (delegated administrator of security services)`);
    return best[0];
  }
  return recognise(snapshot, /security|audit/i, 'the security tooling account', notes);
}

function recognise(snapshot: OrgSnapshot, pattern: RegExp, what: string, notes: string[]): string | null {
  const candidates = snapshot.accounts.filter(
    (a) => a.state === 'ACTIVE' && a.id !== snapshot.organization.managementAccountId && pattern.test(a.name),
  );
  if (candidates.length === 1) {
    notes.push(`${what}: ${candidates[0]!.name} (recognised by name)`);
    return candidates[0]!.id;
  }
  notes.push(
    `${what}: not recognised${candidates.length ? ` (${candidates.length} candidates)` : ''}; set it in audit.yaml`,
  );
  return null;
}
