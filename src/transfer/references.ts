/**
 * Finding the organization in a resource policy: the `o-` id and `ou-` paths that conditions such as
 * `aws:PrincipalOrgID` carry stop matching once an account leaves. Pure: a policy document in, what it
 * names out.
 */
import type { OrgReference } from '../model/transfer.js';

export interface OrgIds {
  organizationId: string;
  /** Every OU id of the organization (`ou-…`), and its root id (`r-…`). */
  pathIds: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function strings(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The ids of `ids` a value names (an org id, or an org path `o-…/r-…/ou-…/`). */
function named(value: string, ids: OrgIds): string[] {
  const found: string[] = [];
  if (value.includes(ids.organizationId)) found.push(ids.organizationId);
  for (const id of ids.pathIds) if (value.includes(id) && id.startsWith('ou-')) found.push(id);
  return found;
}

/**
 * What a policy document names of the organization: each value with the condition key carrying it, or
 * `null` as key when it appears elsewhere (a principal ARN of the management account's organization,
 * say). A document that is not JSON is searched as text.
 */
export function orgMatches(document: string, ids: OrgIds): OrgReference['matches'] {
  if (!document.includes(ids.organizationId) && !ids.pathIds.some((id) => document.includes(id))) return [];
  let parsed: Json;
  try {
    parsed = JSON.parse(document) as Json;
  } catch {
    return named(document, ids).map((value) => ({ value, key: null }));
  }
  const statements =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed.Statement : undefined;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const matches = new Map<string, OrgReference['matches'][number]>();
  for (const statement of list) {
    if (!statement || typeof statement !== 'object' || Array.isArray(statement)) continue;
    const condition = statement.Condition;
    const inConditions = new Set<string>();
    if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
      for (const entries of Object.values(condition)) {
        if (!entries || typeof entries !== 'object' || Array.isArray(entries)) continue;
        for (const [key, value] of Object.entries(entries)) {
          for (const text of strings(value)) {
            for (const id of named(text, ids)) {
              inConditions.add(id);
              matches.set(`${id}|${key}`, { value: id, key });
            }
          }
        }
      }
    }
    for (const text of strings(statement)) {
      for (const id of named(text, ids)) {
        if (!inConditions.has(id)) matches.set(`${id}|`, { value: id, key: null });
      }
    }
  }
  return [...matches.values()];
}
