/**
 * Matching as IAM does it: action patterns (`s3:Get*`, case-insensitive), resource and ARN patterns
 * (`*` and `?` within the whole string for Resource, per ARN component for the Arn* condition operators,
 * case-sensitive), and policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`, `${?}`,
 * `${$}`, and a default `${aws:x, 'fallback'}`) substituted from what the request knows.
 */

const regexCache = new Map<string, RegExp>();

/** IAM's wildcard: `*` any run of characters (none included), `?` exactly one. */
export function wildcardRegex(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = regexCache.get(cacheKey);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[\\s\\S]*')
      .replace(/\?/g, '[\\s\\S]');
    regex = new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
    if (regexCache.size > 50_000) regexCache.clear();
    regexCache.set(cacheKey, regex);
  }
  return regex;
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?'))
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return wildcardRegex(pattern, ignoreCase).test(value);
}

/** Does an action pattern of a policy (`s3:Get*`, `*`) cover the requested action (`s3:GetObject`)? */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** The six colon-separated parts of an ARN (the last keeps its own colons); undefined when not an ARN. */
export function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * ArnLike / ArnEquals: each of the six parts is matched on its own, with wildcards. A value that is not an
 * ARN never matches (and so never satisfies ArnLike; ArnNotLike is decided by the caller's negation).
 */
export function arnMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const want = arnParts(pattern);
  const have = arnParts(value);
  if (!want || !have) return false;
  return want.every((part, i) => wildcardMatch(part, have[i]!));
}

/** What a variable resolves to: its values, `null` when the request has no such key, undefined unknown. */
export type VariableLookup = (key: string) => string[] | null | undefined;

export type Substituted =
  | { kind: 'value'; value: string }
  /** A variable the request does not have and no default: the element matches nothing. */
  | { kind: 'absent' }
  /** A variable whose value orgward cannot know. */
  | { kind: 'unknown'; key: string };

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Substitutes policy variables. Multi-valued keys cannot be used as variables (IAM treats them as
 * absent). `${*}`, `${?}` and `${$}` stand for the literal characters, not wildcards, so they are
 * escaped as the one-character classes the wildcard regex would otherwise read.
 */
export function substitute(text: string, lookup: VariableLookup): Substituted {
  if (!text.includes('${')) return { kind: 'value', value: text };
  let unknown: string | undefined;
  let absent = false;
  const value = text.replace(VARIABLE, (_all, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return inner === '$' ? '$' : `\u0000${inner}`;
    const [rawKey, ...rest] = inner.split(',');
    const key = rawKey!.trim();
    const fallback = rest.length ? /^\s*'(.*)'\s*$/.exec(rest.join(','))?.[1] : undefined;
    const values = lookup(key);
    if (values === undefined) {
      unknown ??= key;
      return '';
    }
    if (values === null || values.length !== 1) {
      if (fallback !== undefined) return fallback;
      absent = true;
      return '';
    }
    return values[0]!;
  });
  if (unknown !== undefined) return { kind: 'unknown', key: unknown };
  if (absent) return { kind: 'absent' };
  return { kind: 'value', value };
}

/** A substituted pattern, with `${*}` / `${?}` as literal characters, matched against a value. */
export function literalAwareMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (!pattern.includes('\u0000')) return wildcardMatch(pattern, value, ignoreCase);
  // eslint-disable-next-line no-control-regex -- NUL marks a literal `*` or `?` from ${*} / ${?}
  const pieces = pattern.split(/\u0000([*?])/);
  let source = '';
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) source += `\\${piece}`;
    else source += wildcardRegex(piece, ignoreCase).source.slice(1, -1);
  });
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}
