/**
 * The Condition element. Each clause is (operator, key, values); a statement's conditions all have to
 * hold (AND across operators and keys), any one of a clause's values may match (OR), and a negated
 * operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress` …) holds when the key matches none of them.
 *
 * - A key the request does not have: positive operators fail, negated operators hold, `...IfExists` holds,
 *   `ForAllValues:` holds (vacuously), `ForAnyValue:` fails, `Null: true` holds.
 * - A key orgward cannot know (the context does not say whether the request has it): the clause is
 *   "depends on <key>", never a guess.
 * - A multi-valued key with a plain operator: positive operators hold when any request value matches;
 *   negated ones when none does. `ForAllValues:` wants every request value to match, `ForAnyValue:` one.
 */
import { arnMatches, literalAwareMatch, substitute, type VariableLookup } from './match.js';
import type { ConditionClause } from './policy.js';
import { maybe, NO, YES, fromBool, type Tri } from './tri.js';

export class UnsupportedConditionError extends Error {
  constructor(readonly operator: string) {
    super(`condition operator ${operator} is not one IAM documents`);
    this.name = 'UnsupportedConditionError';
  }
}

type Compare = (policyValue: string, requestValue: string) => boolean;

interface Operator {
  compare: Compare;
  negated: boolean;
  /** Policy values may hold `${…}` variables (string and ARN operators). */
  variables: boolean;
}

function number(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function date(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

function numeric(test: (a: number, b: number) => boolean, parse: (t: string) => number | undefined): Compare {
  return (policyValue, requestValue) => {
    const want = parse(policyValue);
    const have = parse(requestValue);
    return want !== undefined && have !== undefined && test(have, want);
  };
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail];
  if (all.length !== 8 || !all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `10.0.0.0/8`, `203.0.113.7`, `2001:db8::/32` against an address. */
export function ipInRange(range: string, address: string): boolean {
  const [base, bitsText] = range.trim().split('/');
  const v6 = base!.includes(':');
  const width = v6 ? 128 : 32;
  const parse = v6 ? ipv6 : ipv4;
  const network = parse(base!);
  const host = parse(address.trim());
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (network === undefined || host === undefined || !(bits >= 0 && bits <= width)) return false;
  const shift = BigInt(width - bits);
  return network >> shift === host >> shift;
}

/** StringEquals: `*` and `?` are ordinary characters (and so is a `${*}` variable). */
const literal = (p: string) => p.split('\u0000').join('').replace(/[*?]/g, '\u0000$&');
const stringEq: Compare = (p, r) => literalAwareMatch(literal(p), r, false);
const stringEqIgnoreCase: Compare = (p, r) => literalAwareMatch(literal(p), r, true);
const stringLike: Compare = (p, r) => literalAwareMatch(p, r, false);
const lt = (a: number, b: number) => a < b;

const BASE: Record<string, Operator> = {};
function define(name: string, compare: Compare, variables: boolean, negatedName?: string): void {
  BASE[name.toLowerCase()] = { compare, negated: false, variables };
  if (negatedName) BASE[negatedName.toLowerCase()] = { compare, negated: true, variables };
}
define('StringEquals', stringEq, true, 'StringNotEquals');
define('StringEqualsIgnoreCase', stringEqIgnoreCase, true, 'StringNotEqualsIgnoreCase');
define('StringLike', stringLike, true, 'StringNotLike');
define(
  'NumericEquals',
  numeric((a, b) => a === b, number),
  false,
  'NumericNotEquals',
);
define('NumericLessThan', numeric(lt, number), false);
define(
  'NumericLessThanEquals',
  numeric((a, b) => a <= b, number),
  false,
);
define(
  'NumericGreaterThan',
  numeric((a, b) => a > b, number),
  false,
);
define(
  'NumericGreaterThanEquals',
  numeric((a, b) => a >= b, number),
  false,
);
define(
  'DateEquals',
  numeric((a, b) => a === b, date),
  false,
  'DateNotEquals',
);
define('DateLessThan', numeric(lt, date), false);
define(
  'DateLessThanEquals',
  numeric((a, b) => a <= b, date),
  false,
);
define(
  'DateGreaterThan',
  numeric((a, b) => a > b, date),
  false,
);
define(
  'DateGreaterThanEquals',
  numeric((a, b) => a >= b, date),
  false,
);
define('Bool', (p, r) => p.toLowerCase() === r.toLowerCase(), true);
define('BinaryEquals', (p, r) => p === r, false);
define('IpAddress', ipInRange, false, 'NotIpAddress');
define('ArnEquals', arnMatches, true, 'ArnNotEquals');
define('ArnLike', arnMatches, true, 'ArnNotLike');

interface ParsedOperator {
  set: 'all' | 'any' | undefined;
  ifExists: boolean;
  isNull: boolean;
  base: Operator | undefined;
}

const parsedCache = new Map<string, ParsedOperator>();

export function parseOperator(operator: string): ParsedOperator {
  const cached = parsedCache.get(operator);
  if (cached) return cached;
  let rest = operator;
  let set: ParsedOperator['set'];
  const qualifier = /^(ForAllValues|ForAnyValue):/i.exec(rest);
  if (qualifier) {
    set = qualifier[1]!.toLowerCase() === 'forallvalues' ? 'all' : 'any';
    rest = rest.slice(qualifier[0].length);
  }
  const ifExists = /IfExists$/i.test(rest) && rest.toLowerCase() !== 'null';
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const isNull = rest.toLowerCase() === 'null';
  const base = BASE[rest.toLowerCase()];
  if (!isNull && !base) throw new UnsupportedConditionError(operator);
  const parsed = { set, ifExists, isNull, base };
  parsedCache.set(operator, parsed);
  return parsed;
}

/** A request's condition keys: values, `null` when the request has no such key, undefined when unknown. */
export type ContextLookup = VariableLookup;

function whenAbsent(op: ParsedOperator, clause: ConditionClause): Tri {
  if (op.isNull) return fromBool(clause.values.some((v) => v.toLowerCase() === 'true'));
  if (op.ifExists || op.set === 'all') return YES;
  if (op.set === 'any') return NO;
  return fromBool(op.base!.negated);
}

/** Policy values after variable substitution; a variable orgward cannot know makes the clause unknown. */
function policyValues(op: Operator, clause: ConditionClause, lookup: ContextLookup): string[] | Tri {
  if (!op.variables) return clause.values;
  const out: string[] = [];
  for (const raw of clause.values) {
    const value = substitute(raw, lookup);
    if (value.kind === 'unknown') return maybe(value.key);
    if (value.kind === 'value') out.push(value.value);
  }
  return out;
}

export function evaluateClause(clause: ConditionClause, lookup: ContextLookup): Tri {
  const op = parseOperator(clause.operator);
  const requestValues = lookup(clause.key);
  if (requestValues === undefined) return maybe(clause.key);
  if (requestValues === null || requestValues.length === 0) return whenAbsent(op, clause);
  if (op.isNull) return fromBool(clause.values.some((v) => v.toLowerCase() === 'false'));
  const base = op.base!;
  const wanted = policyValues(base, clause, lookup);
  if (!Array.isArray(wanted)) return wanted;
  const hit = (value: string) => wanted.some((p) => base.compare(p, value));
  const one = (value: string) => (base.negated ? !hit(value) : hit(value));
  if (op.set === 'all') return fromBool(requestValues.every(one));
  if (op.set === 'any') return fromBool(requestValues.some(one));
  return fromBool(base.negated ? !requestValues.some(hit) : requestValues.some(hit));
}

/** All of a statement's clauses; a clause that fails decides at once. */
export function evaluateConditions(clauses: readonly ConditionClause[], lookup: ContextLookup): Tri {
  const unknown: string[] = [];
  for (const clause of clauses) {
    const value = evaluateClause(clause, lookup);
    if (value.kind === 'no') return NO;
    if (value.kind === 'maybe') unknown.push(...value.keys);
  }
  return unknown.length ? maybe(...unknown) : YES;
}
