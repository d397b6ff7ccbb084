/** Permission sets and assignments within Identity Center's limits (access.md §2). */
import { resolveDocument } from '../documents.js';
import type { ConfigIssue } from '../issues.js';
import type { ConfigIndex, RuleContext } from './context.js';

const NAME = /^[\w+=,.@-]{1,32}$/;
const INLINE_MAX_BYTES = 32_768;
const INLINE_MAX_NON_WHITESPACE = 10_240;
const MANAGED_MAX = 20;
/** IAM's default of managed policies per role, which applies in each account unless raised. */
const IAM_DEFAULT_MANAGED_PER_ROLE = 10;

function durationMinutes(iso: string): number | undefined {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  if (!match || (!match[1] && !match[2])) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

export function identityCenter(ctx: RuleContext, _index: ConfigIndex): ConfigIssue[] {
  const { config, source } = ctx;
  const ic = config.identityCenter;
  const issues: ConfigIssue[] = [];
  for (const [name, ps] of Object.entries(ic?.permissionSets ?? {})) {
    const base = ['identityCenter', 'permissionSets', name];
    if (!NAME.test(name)) {
      issues.push(
        source.issue(
          base,
          `permission set name '${name}' must be 1–32 characters of letters, digits and +=,.@-_`,
          'permission-set',
          { key: true },
        ),
      );
    }
    if (ps.sessionDuration !== undefined) {
      const minutes = durationMinutes(ps.sessionDuration);
      if (minutes === undefined || minutes < 60 || minutes > 720) {
        issues.push(
          source.issue(
            [...base, 'sessionDuration'],
            `permission set '${name}': sessionDuration ${ps.sessionDuration} must be from PT1H to PT12H`,
            'permission-set',
          ),
        );
      }
    }
    if (ps.inlinePolicy !== undefined) {
      const resolved = resolveDocument(ps.inlinePolicy, ctx.readRelative);
      if (!resolved.ok)
        issues.push(
          source.issue(
            [...base, 'inlinePolicy'],
            `permission set '${name}': ${resolved.problem}`,
            'permission-set',
          ),
        );
      else {
        const text = JSON.stringify(resolved.document);
        const nonWhitespace = text.replace(/\s/g, '').length;
        if (Buffer.byteLength(text) > INLINE_MAX_BYTES || nonWhitespace > INLINE_MAX_NON_WHITESPACE) {
          issues.push(
            source.issue(
              [...base, 'inlinePolicy'],
              `permission set '${name}': the inline policy is ${nonWhitespace} non-whitespace characters; Identity Center allows ${INLINE_MAX_NON_WHITESPACE}`,
              'permission-set',
            ),
          );
        }
      }
    }
    const managed = (ps.managedPolicies?.length ?? 0) + (ps.customerManagedPolicies?.length ?? 0);
    if (managed > MANAGED_MAX) {
      issues.push(
        source.issue(
          [...base, 'managedPolicies'],
          `permission set '${name}' has ${managed} managed and customer-managed policies; Identity Center allows ${MANAGED_MAX}`,
          'permission-set',
        ),
      );
    } else if (managed > IAM_DEFAULT_MANAGED_PER_ROLE) {
      issues.push(
        source.issue(
          [...base, 'managedPolicies'],
          `permission set '${name}' has ${managed} managed policies; IAM allows ${IAM_DEFAULT_MANAGED_PER_ROLE} per role unless the quota is raised in every target account`,
          'permission-set',
          { severity: 'warning' },
        ),
      );
    }
  }
  (ic?.assignments ?? []).forEach((a, i) => {
    const base = ['identityCenter', 'assignments', i];
    if ((a.group === undefined) === (a.user === undefined)) {
      issues.push(
        source.issue(base, `assignment ${i + 1}: give exactly one of 'group' or 'user'`, 'assignment'),
      );
    }
    if (a.until !== undefined && a.user === undefined) {
      issues.push(
        source.issue(
          [...base, 'until'],
          `assignment ${i + 1}: 'until' is for a one-off user assignment; give 'user' instead of 'group'`,
          'assignment',
        ),
      );
    }
  });
  return issues;
}
