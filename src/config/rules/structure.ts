/** The organization's shape: unique emails and ids, one place per account, AWS's OU depth limit. */
import type { ConfigIssue } from '../issues.js';
import type { ConfigIndex, RuleContext } from './context.js';

/** OUs may nest at most 5 levels below the root. */
export const MAX_OU_DEPTH = 5;

export function structure(ctx: RuleContext, index: ConfigIndex): ConfigIssue[] {
  const { config, source } = ctx;
  const issues: ConfigIssue[] = [];
  const byEmail = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const [name, account] of Object.entries(config.accounts ?? {})) {
    const email = account.email.toLowerCase();
    const first = byEmail.get(email);
    if (first) {
      issues.push(
        source.issue(
          ['accounts', name, 'email'],
          `account '${name}' has the same email as '${first}' (${account.email}); every AWS account needs its own`,
          'duplicate-email',
        ),
      );
    } else byEmail.set(email, name);
    if (account.id) {
      const other = byId.get(account.id);
      if (other)
        issues.push(
          source.issue(
            ['accounts', name, 'id'],
            `account '${name}' has the same id as '${other}' (${account.id})`,
            'duplicate-id',
          ),
        );
      else byId.set(account.id, name);
    }
  }
  for (const [name, places] of index.placements) {
    if (places.length > 1) {
      // At most 10 OUs named: one issue per extra place, each naming all, would be quadratic.
      const listed = places.slice(0, 10).map((p) => p.ouPath);
      const where =
        places.length > 10 ? `${listed.join(', ')} and ${places.length - 10} more` : listed.join(', ');
      for (const place of places.slice(1)) {
        issues.push(
          source.issue(
            place.yamlPath,
            `account '${name}' is placed in more than one OU (${where}); an account has one parent`,
            'duplicate-placement',
          ),
        );
      }
    }
  }
  for (const ou of index.ous.values()) {
    if (ou.depth > MAX_OU_DEPTH) {
      issues.push(
        source.issue(
          ou.yamlPath,
          `OU '${ou.path}' is nested ${ou.depth} levels deep; AWS allows ${MAX_OU_DEPTH} levels under the root`,
          'ou-depth',
          { key: true },
        ),
      );
    }
  }
  return issues;
}
