import type { AwsError } from './errors.js';

/**
 * Offset pagination with opaque tokens, following AWS's rules: no token on the last page, page sizes
 * capped per service, a token that the sandbox did not issue for this listing is an error.
 */
export interface PageOptions {
  /** Largest page AWS allows for this operation (`MaxResults` / `MaxItems` upper bound). */
  max: number;
  /** Page size when the caller sends none. */
  defaultSize: number;
  invalidToken: () => AwsError;
  invalidSize?: (size: number) => AwsError;
}

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

function decodeToken(token: string, scope: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      s?: unknown;
      o?: unknown;
    };
    if (parsed.s !== scope || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0)
      return undefined;
    return parsed.o;
  } catch {
    return undefined;
  }
}

/**
 * @param scope names the listing (operation plus its filter), so a token from one listing is refused by another.
 */
export function paginate<T>(
  items: readonly T[],
  token: string | undefined,
  size: number | undefined,
  scope: string,
  options: PageOptions,
): Page<T> {
  if (size !== undefined && (size < 1 || size > options.max)) {
    throw options.invalidSize ? options.invalidSize(size) : options.invalidToken();
  }
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = decodeToken(token, scope);
    if (decoded === undefined || decoded > items.length) throw options.invalidToken();
    offset = decoded;
  }
  const pageSize = size ?? options.defaultSize;
  const end = Math.min(items.length, offset + pageSize);
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? encodeToken(scope, end) : undefined,
  };
}
