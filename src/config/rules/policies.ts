/**
 * Organization policies: a document (inline or file) valid for the policy type, within AWS's size
 * limit, of a type the file enables, and no target over AWS's per-target attachment limit (counting the
 * FullAWSAccess / RCPFullAWSAccess policy AWS keeps attached).
 */
import { POLICY_TYPES } from '../../model/policy-types.js';
import type { PolicyType } from '../../model/snapshot.js';
import { resolveSource } from '../documents.js';
import type { ConfigIssue } from '../issues.js';
import { policyContent } from '../../model/policy-documents.js';
import { policyDocumentProblems } from '../policy-grammar.js';
import type { ConfigIndex, RuleContext } from './context.js';

/** AWS-managed policies that stay attached everywhere and occupy a slot. */
const ALWAYS_ATTACHED: Partial<Record<PolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'RCPFullAWSAccess',
};

export function policies(ctx: RuleContext, _index: ConfigIndex): ConfigIssue[] {
  const { config, source } = ctx;
  const issues: ConfigIssue[] = [];
  const enabled = config.organization.policyTypes;
  const perTarget = new Map<string, Map<PolicyType, string[]>>();
  for (const [name, policy] of Object.entries(config.policies ?? {})) {
    const base = ['policies', name];
    if ((policy.document === undefined) === (policy.file === undefined)) {
      issues.push(
        source.issue(base, `policy '${name}': give exactly one of 'document' or 'file'`, 'policy-document', {
          key: true,
        }),
      );
    } else {
      const resolved = resolveSource(policy, ctx.readRelative)!;
      const at = [...base, policy.file !== undefined ? 'file' : 'document'];
      if (!resolved.ok) {
        issues.push(source.issue(at, `policy '${name}': ${resolved.problem}`, 'policy-document'));
      } else {
        for (const problem of policyDocumentProblems(policy.type, resolved.document)) {
          issues.push(
            source.issue(at, `policy '${name}' is not a valid ${policy.type}: ${problem}`, 'policy-document'),
          );
        }
        const size = policyContent(resolved.document).length;
        const limit = POLICY_TYPES[policy.type].maxChars;
        if (size > limit) {
          issues.push(
            source.issue(
              at,
              `policy '${name}' is ${size} characters (minified); AWS allows ${limit} for ${policy.type}`,
              'policy-size',
            ),
          );
        }
      }
    }
    if (enabled && !enabled.includes(policy.type) && (policy.attach?.length ?? 0) > 0) {
      issues.push(
        source.issue(
          [...base, 'type'],
          `policy '${name}' is a ${policy.type}, which 'organization.policyTypes' does not enable; add it there`,
          'policy-type-disabled',
        ),
      );
    }
    for (const target of new Set(policy.attach ?? [])) {
      const byType = perTarget.get(target) ?? new Map<PolicyType, string[]>();
      // push, not a copy per policy: a copy is quadratic in the policies attached to one target
      const names = byType.get(policy.type) ?? [];
      names.push(name);
      byType.set(policy.type, names);
      perTarget.set(target, byType);
    }
  }
  for (const [target, byType] of perTarget) {
    for (const [type, names] of byType) {
      const limit = POLICY_TYPES[type].maxAttached;
      const kept = ALWAYS_ATTACHED[type];
      const count = names.length + (kept ? 1 : 0);
      if (count > limit) {
        const firstOver = names[limit - (kept ? 1 : 0)]!;
        const index = (config.policies?.[firstOver]?.attach ?? []).indexOf(target);
        issues.push(
          source.issue(
            ['policies', firstOver, 'attach', index],
            `${target} would have ${count} ${type} policies attached${kept ? ` (with ${kept}, which AWS keeps attached)` : ''}; AWS allows ${limit} per target: ${names.join(', ')}`,
            'attachment-limit',
          ),
        );
      }
    }
  }
  return issues;
}
