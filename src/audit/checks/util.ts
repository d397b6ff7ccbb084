/** Small helpers the checks share. */
import type { CheckContext, Report } from '../check.js';
import type { Got, RegionEvidence } from '../../model/evidence.js';

/** Runs `judge` for every member (or every) account whose evidence piece was read; UNKNOWN otherwise. */
export function perAccount<T>(
  ctx: CheckContext,
  accounts: 'members' | 'all',
  piece: (accountId: string) => Got<T> | undefined,
  what: string,
  judge: (value: T, accountId: string) => Omit<Report, 'account'> | Array<Omit<Report, 'account'>>,
): void {
  for (const account of accounts === 'members' ? ctx.members : ctx.accounts) {
    const got = piece(account.id);
    if (ctx.unknownIf(got, { account: account.id }, what) || !got?.ok) continue;
    const reports = judge(got.value, account.id);
    for (const report of Array.isArray(reports) ? reports : [reports]) {
      ctx.report({ ...report, account: account.id });
    }
  }
}

/**
 * Runs `judge` for every account × audited region. Regions an SCP denies are reported UNKNOWN once per
 * account and region (never FAIL); unread evidence is UNKNOWN.
 */
export function perRegion<T>(
  ctx: CheckContext,
  accounts: 'members' | 'all',
  piece: (region: RegionEvidence) => Got<T> | undefined,
  what: string,
  judge: (value: T, accountId: string, region: string) => Omit<Report, 'account' | 'region'>,
): void {
  for (const account of accounts === 'members' ? ctx.members : ctx.accounts) {
    const evidence = ctx.evidence(account.id);
    if (!evidence) continue;
    if (ctx.unknownIf(evidence.regions, { account: account.id }, 'the enabled regions')) continue;
    for (const region of ctx.regionsOf(account.id)) {
      const regional = evidence.byRegion[region];
      const got = regional ? piece(regional) : undefined;
      if (ctx.unknownIf(got, { account: account.id, region }, what) || !got?.ok) continue;
      ctx.report({ ...judge(got.value, account.id, region), account: account.id, region });
    }
    for (const region of evidence.scpDeniedRegions) {
      ctx.report({
        status: 'UNKNOWN',
        account: account.id,
        region,
        message: `not scanned: an SCP denies ${region} to this account`,
      });
    }
  }
}

export const pass = (message: string, extra: Partial<Report> = {}) =>
  ({ status: 'PASS', message, ...extra }) as const;
export const fail = (message: string, extra: Partial<Report> = {}) =>
  ({ status: 'FAIL', message, ...extra }) as const;
export const warn = (message: string, extra: Partial<Report> = {}) =>
  ({ status: 'WARN', message, ...extra }) as const;
export const notApplicable = (message: string, extra: Partial<Report> = {}) =>
  ({ status: 'NOT_APPLICABLE', message, ...extra }) as const;

export const daysBetween = (from: string, to: Date): number =>
  (to.getTime() - new Date(from).getTime()) / 86_400_000;

export const listOf = (items: string[], max = 5): string =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
