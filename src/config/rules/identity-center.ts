/** Permission sets and assignments within Identity Center's limits (docs/aws-limits.md#permission-sets). */
import { resolveDocument, resolveSource } from '../documents.js';
import type { ConfigIssue } from '../issues.js';
import { IDENTITY_POLICY_MAX_CHARS, identityPolicyProblems } from '../policy-grammar.js';
import type { OrgConfig } from '../schema.js';
import type { PathSegment } from '../source.js';
import { assignmentsOf, wasDropped, type ConfigIndex, type RuleContext } from './context.js';

const NAME = /^[\w+=,.@-]{1,32}$/;
const INLINE_MAX_BYTES = 32_768;
const INLINE_MAX_NON_WHITESPACE = 10_240;
const MANAGED_MAX = 20;
/** IAM's default of managed policies per role, which applies in each account unless raised. */
const IAM_DEFAULT_MANAGED_PER_ROLE = 10;

/** `{ file: path }`: an issue about it points at the path. */
function isFileRef(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).join() === 'file';
}

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
            isFileRef(ps.inlinePolicy) ? [...base, 'inlinePolicy', 'file'] : [...base, 'inlinePolicy'],
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
  for (const issue of accountPolicies(ctx)) issues.push(issue);
  for (const issue of assignmentShapes(ctx)) issues.push(issue);
  return issues;
}

/** Each assignment names exactly one principal, and only a user assignment may end. */
function assignmentShapes(ctx: RuleContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { assignment: a, index: i } of assignmentsOf(ctx)) {
    const base = ['identityCenter', 'assignments', i];
    if ((a.group === undefined) === (a.user === undefined)) {
      issues.push(
        ctx.source.issue(base, `assignment ${i + 1}: give exactly one of 'group' or 'user'`, 'assignment'),
      );
    }
    if (a.until !== undefined && a.user === undefined) {
      issues.push(
        ctx.source.issue(
          [...base, 'until'],
          `assignment ${i + 1}: 'until' is for a one-off user assignment; give 'user' instead of 'group'`,
          'assignment',
        ),
      );
    }
  }
  return issues;
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_PATH = /^\/([\x21-\x7E]+\/)?$/;

/**
 * `identityCenter.customerManagedPolicies`: IAM names and paths, documents IAM accepts within its size
 * limit, accounts the file knows, and permission sets that reference a declared policy by its path
 * (IAM policy names are unique in an account, whatever the path).
 */
function accountPolicies(ctx: RuleContext): ConfigIssue[] {
  const declared = ctx.config.identityCenter?.customerManagedPolicies ?? {};
  return [
    ...Object.entries(declared).flatMap(([name, policy]) => declaredPolicyIssues(ctx, name, policy)),
    ...policyReferenceIssues(ctx, declared),
  ];
}

type DeclaredPolicies = NonNullable<NonNullable<OrgConfig['identityCenter']>['customerManagedPolicies']>;
type DeclaredPolicy = DeclaredPolicies[string];

/** A policy document given inline or in a file: one of the two, readable, valid for IAM, within size. */
function policyDocumentIssues(
  ctx: RuleContext,
  where: PathSegment[],
  label: string,
  doc: { document?: unknown; file?: string },
): ConfigIssue[] {
  const { source } = ctx;
  if (doc.document !== undefined && doc.file !== undefined)
    return [source.issue(where, `${label}: give 'document' or 'file', not both`, 'policy-document')];
  const resolved = resolveSource(doc, ctx.readRelative);
  if (!resolved) return [];
  const at = [...where, doc.file !== undefined ? 'file' : 'document'];
  if (!resolved.ok) return [source.issue(at, `${label}: ${resolved.problem}`, 'policy-document')];
  const issues = identityPolicyProblems(resolved.document).map((problem) =>
    source.issue(at, `${label}: ${problem}`, 'policy-document'),
  );
  const size = JSON.stringify(resolved.document).replace(/\s/g, '').length;
  if (size > IDENTITY_POLICY_MAX_CHARS)
    issues.push(
      source.issue(
        at,
        `${label}: the document is ${size} characters without whitespace; IAM allows ${IDENTITY_POLICY_MAX_CHARS} for a managed policy`,
        'policy-size',
      ),
    );
  return issues;
}

/** One declared policy: its name and path, its document, and its per-account documents. */
function declaredPolicyIssues(ctx: RuleContext, name: string, policy: DeclaredPolicy): ConfigIssue[] {
  const { config, source } = ctx;
  const issues: ConfigIssue[] = [];
  const base = ['identityCenter', 'customerManagedPolicies', name];
  const label = `customer-managed policy '${name}'`;
  if (!POLICY_NAME.test(name))
    issues.push(
      source.issue(base, `${label}: IAM policy names are 1–128 letters, digits and +=,.@-_`, 'policy-name', {
        key: true,
      }),
    );
  if (!POLICY_PATH.test(policy.path) || policy.path.length > 512)
    issues.push(
      source.issue(
        [...base, 'path'],
        `${label}: path '${policy.path}' must start and end with '/' (for example /teams/), at most 512 characters`,
        'policy-name',
      ),
    );
  issues.push(...policyDocumentIssues(ctx, base, label, policy));
  for (const [account, doc] of Object.entries(policy.accounts ?? {})) {
    const where = [...base, 'accounts', account];
    if (!config.accounts?.[account] && !wasDropped(ctx, 'account', account))
      issues.push(
        source.issue(where, `${label}: no account named '${account}' in 'accounts'`, 'unknown-reference', {
          key: true,
        }),
      );
    if (doc.document === undefined && doc.file === undefined)
      issues.push(
        source.issue(where, `${label} in account '${account}': give 'document' or 'file'`, 'policy-document'),
      );
    else issues.push(...policyDocumentIssues(ctx, where, `${label} in account '${account}'`, doc));
  }
  return issues;
}

/**
 * Permission sets' references to customer-managed policies (attached or as the boundary): undeclared
 * ones are a warning, declared ones must be at the declared path.
 */
function policyReferenceIssues(ctx: RuleContext, declared: DeclaredPolicies): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [psName, ps] of Object.entries(ctx.config.identityCenter?.permissionSets ?? {})) {
    const references: Array<{ ref: { name: string; path: string }; where: PathSegment[] }> = [
      ...(ps.customerManagedPolicies ?? []).map((ref, i) => ({
        ref,
        where: ['identityCenter', 'permissionSets', psName, 'customerManagedPolicies', i] as PathSegment[],
      })),
      ...(ps.permissionsBoundary && 'customerManagedPolicy' in ps.permissionsBoundary
        ? [
            {
              ref: ps.permissionsBoundary.customerManagedPolicy,
              where: ['identityCenter', 'permissionSets', psName, 'permissionsBoundary'] as PathSegment[],
            },
          ]
        : []),
    ];
    for (const { ref, where } of references) {
      const found = declared[ref.name];
      // Declared with a schema error: that error is reported; whether it is declared is not in doubt.
      if (!found && wasDropped(ctx, 'customerManagedPolicy', ref.name)) continue;
      if (!found)
        issues.push(
          ctx.source.issue(
            where,
            `permission set '${psName}' references IAM policy ${ref.path}${ref.name}, which this file does not declare: it must exist in every account the set is assigned to, or AWS fails the assignment (declare it under identityCenter.customerManagedPolicies and orgward keeps it there)`,
            'unmanaged-policy',
            { severity: 'warning' },
          ),
        );
      else if (found.path !== ref.path)
        issues.push(
          ctx.source.issue(
            where,
            `permission set '${psName}' references ${ref.path}${ref.name}, but customerManagedPolicies keeps '${ref.name}' at ${found.path}; IAM allows one policy of a name per account`,
            'unknown-reference',
          ),
        );
    }
  }
  return issues;
}
