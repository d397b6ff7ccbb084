/**
 * Three-valued truth for access questions: yes, no, or "depends on" the listed condition keys (values
 * orgward cannot know ahead of the request, such as `aws:SourceIp`). Kleene logic: `and` is no when either
 * side is no, `or` is yes when either side is yes; otherwise an unknown side makes the whole unknown.
 */

export type Tri = { kind: 'yes' } | { kind: 'no' } | { kind: 'maybe'; keys: string[] };

export const YES: Tri = { kind: 'yes' };
export const NO: Tri = { kind: 'no' };

export const maybe = (...keys: string[]): Tri => ({ kind: 'maybe', keys: [...new Set(keys)].sort() });

export const fromBool = (value: boolean): Tri => (value ? YES : NO);

const keysOf = (...values: Tri[]): string[] => values.flatMap((v) => (v.kind === 'maybe' ? v.keys : []));

export function and(...values: Tri[]): Tri {
  if (values.some((v) => v.kind === 'no')) return NO;
  if (values.every((v) => v.kind === 'yes')) return YES;
  return maybe(...keysOf(...values));
}

export function or(...values: Tri[]): Tri {
  if (values.some((v) => v.kind === 'yes')) return YES;
  if (values.every((v) => v.kind === 'no')) return NO;
  return maybe(...keysOf(...values));
}

export function not(value: Tri): Tri {
  if (value.kind === 'yes') return NO;
  if (value.kind === 'no') return YES;
  return value;
}

/** `and` over a list, stopping at the first no. */
export function every<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  const parts: Tri[] = [];
  for (const item of items) {
    const value = test(item);
    if (value.kind === 'no') return NO;
    parts.push(value);
  }
  return and(...parts);
}

/** `or` over a list, stopping at the first yes. */
export function some<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  const parts: Tri[] = [];
  for (const item of items) {
    const value = test(item);
    if (value.kind === 'yes') return YES;
    parts.push(value);
  }
  return parts.length ? or(...parts) : NO;
}
