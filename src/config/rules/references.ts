/** Every name the file uses must be defined in it: accounts, OUs, policies' targets, users, groups, permission sets. */
import { isExternal } from './identity-source.js';
import type { ConfigIssue } from '../issues.js';
import type { PathSegment } from '../source.js';
import { assignmentsOf, wasDropped, type ConfigIndex, type RuleContext } from './context.js';

/** Checks a `root` / `ou:<path>` / `account:<name>` target; returns an issue or undefined. */
export function checkTarget(
  ctx: RuleContext,
  index: ConfigIndex,
  target: string,
  path: PathSegment[],
): ConfigIssue | undefined {
  if (target === 'root') return undefined;
  if (target.startsWith('ou:')) {
    const ou = target.slice(3);
    if (!index.ous.has(ou) && !wasDropped(ctx, 'ou', ou)) {
      const known = [...index.ous.keys()].slice(0, 8).join(', ');
      return ctx.source.issue(
        path,
        `target '${target}': no OU with path '${ou}' in 'ous' (known: ${known || 'none'})`,
        'unknown-reference',
      );
    }
    return undefined;
  }
  const account = target.slice('account:'.length);
  if (!ctx.config.accounts?.[account] && !wasDropped(ctx, 'account', account)) {
    return ctx.source.issue(
      path,
      `target '${target}': no account named '${account}' in 'accounts'`,
      'unknown-reference',
    );
  }
  return undefined;
}

export function references(ctx: RuleContext, index: ConfigIndex): ConfigIssue[] {
  const { config, source } = ctx;
  const issues: ConfigIssue[] = [];
  const accounts = config.accounts ?? {};
  const isAccount = (name: string) => accounts[name] !== undefined || wasDropped(ctx, 'account', name);
  for (const [name, places] of index.placements) {
    if (!isAccount(name)) {
      for (const place of places) {
        issues.push(
          source.issue(
            place.yamlPath,
            `OU '${place.ouPath}' lists account '${name}', which is not defined in 'accounts'`,
            'unknown-reference',
          ),
        );
      }
    }
  }
  const management = config.organization.managementAccount;
  if (management !== undefined && !isAccount(management))
    issues.push(
      source.issue(
        ['organization', 'managementAccount'],
        `no account named '${management}' in 'accounts'`,
        'unknown-reference',
      ),
    );
  for (const [service, value] of Object.entries(config.organization.delegatedAdministrators ?? {})) {
    const names = Array.isArray(value) ? value : [value];
    names.forEach((name, i) => {
      if (name === management)
        issues.push(
          source.issue(
            ['organization', 'delegatedAdministrators', service, ...(Array.isArray(value) ? [i] : [])],
            `'${name}' is the management account: AWS does not let it be a delegated administrator`,
            'delegated-admin',
          ),
        );
      if (!isAccount(name)) {
        const path: PathSegment[] = [
          'organization',
          'delegatedAdministrators',
          service,
          ...(Array.isArray(value) ? [i] : []),
        ];
        issues.push(
          source.issue(
            path,
            `delegated administrator for ${service}: no account named '${name}' in 'accounts'`,
            'unknown-reference',
          ),
        );
      }
    });
  }
  for (const [name, policy] of Object.entries(config.policies ?? {})) {
    (policy.attach ?? []).forEach((target, i) => {
      const issue = checkTarget(ctx, index, target, ['policies', name, 'attach', i]);
      if (issue) issues.push(issue);
    });
  }
  const ic = config.identityCenter;
  const users = ic?.users ?? {};
  for (const [group, spec] of Object.entries(ic?.groups ?? {})) {
    // The provider's group may not list members at all (identity-source.ts says so once).
    if (isExternal(ic, spec.managedBy)) continue;
    (spec.members ?? []).forEach((member, i) => {
      if (!users[member] && !wasDropped(ctx, 'user', member)) {
        issues.push(
          source.issue(
            ['identityCenter', 'groups', group, 'members', i],
            `group '${group}' lists member '${member}', which is not defined in 'identityCenter.users'`,
            'unknown-reference',
          ),
        );
      }
    });
  }
  for (const issue of assignmentReferences(ctx, index)) issues.push(issue);
  return issues;
}

/** Each assignment's group or user, permission set and targets must be defined in the file. */
function assignmentReferences(ctx: RuleContext, index: ConfigIndex): ConfigIssue[] {
  const { source } = ctx;
  const ic = ctx.config.identityCenter;
  const issues: ConfigIssue[] = [];
  for (const { assignment, index: i } of assignmentsOf(ctx)) {
    const base: PathSegment[] = ['identityCenter', 'assignments', i];
    // Under an external identity source, a principal the file does not list is the provider's: checked at plan time.
    const externalSource = ic?.identitySource === 'external';
    if (
      assignment.group &&
      !externalSource &&
      !ic?.groups?.[assignment.group] &&
      !wasDropped(ctx, 'group', assignment.group)
    ) {
      issues.push(
        source.issue(
          [...base, 'group'],
          `assignment ${i + 1}: no group named '${assignment.group}' in 'identityCenter.groups'`,
          'unknown-reference',
        ),
      );
    }
    if (
      assignment.user &&
      !externalSource &&
      !ic?.users?.[assignment.user] &&
      !wasDropped(ctx, 'user', assignment.user)
    ) {
      issues.push(
        source.issue(
          [...base, 'user'],
          `assignment ${i + 1}: no user named '${assignment.user}' in 'identityCenter.users'`,
          'unknown-reference',
        ),
      );
    }
    const permissionSet = assignment.permissionSet;
    if (!ic?.permissionSets?.[permissionSet] && !wasDropped(ctx, 'permissionSet', permissionSet)) {
      issues.push(
        source.issue(
          [...base, 'permissionSet'],
          `assignment ${i + 1}: no permission set named '${permissionSet}' in 'identityCenter.permissionSets'`,
          'unknown-reference',
        ),
      );
    }
    assignment.targets.forEach((target, t) => {
      const issue = checkTarget(ctx, index, target, [...base, 'targets', t]);
      if (issue) issues.push(issue);
    });
  }
  return issues;
}
