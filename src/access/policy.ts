/**
 * IAM policy documents, parsed once into a normal form the evaluator reads: every statement with its
 * effect, its action or NotAction list, resource or NotResource list, principal or NotPrincipal, and its
 * conditions as (operator, key, values) triples. Keys and operators are kept as written; the evaluator
 * compares keys case-insensitively as AWS does.
 *
 * A document that is not a policy (not JSON, no Statement, a statement without Effect) is an
 * {@link PolicyParseError} that says which part is wrong: the access commands name the policy it came from.
 */

export type Effect = 'Allow' | 'Deny';

/** `{"AWS": [...], "Service": [...]}` with every value a list; `'*'` for the bare wildcard. */
export type PrincipalMap = '*' | Record<string, string[]>;

export interface ConditionClause {
  /** As written: `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists` … */
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  sid: string | undefined;
  effect: Effect;
  /** Exactly one of action / notAction is set (a statement with neither is refused). */
  action?: string[];
  notAction?: string[];
  /** Neither set: the statement has no resource element (trust policies) and applies to any resource. */
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalMap;
  notPrincipal?: PrincipalMap;
  conditions: ConditionClause[];
  /** Position in the document, from 0: explanations name `Statement[2]` when there is no Sid. */
  index: number;
}

export interface Policy {
  /** What the policy is to a reader: `AdministratorAccess`, `SCP deny-regions`, `trust policy of role/Dev`. */
  name: string;
  statements: Statement[];
}

export class PolicyParseError extends Error {
  constructor(
    readonly policyName: string,
    readonly detail: string,
  ) {
    super(`policy ${policyName}: ${detail}`);
    this.name = 'PolicyParseError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(value: unknown, where: string, fail: (detail: string) => never): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return fail(`${where} must be a string or a list of strings`);
  });
}

function principalOf(value: unknown, where: string, fail: (detail: string) => never): PrincipalMap {
  if (value === '*') return '*';
  if (!isRecord(value)) return fail(`${where} must be "*" or an object such as {"AWS": [...]}`);
  const out: Record<string, string[]> = {};
  for (const [type, ids] of Object.entries(value)) out[type] = stringList(ids, `${where}.${type}`, fail);
  return out;
}

function conditionsOf(value: unknown, where: string, fail: (detail: string) => never): ConditionClause[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return fail(`${where} must be an object of operators`);
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) return fail(`${where}.${operator} must be an object of condition keys`);
    for (const [key, values] of Object.entries(block))
      clauses.push({ operator, key, values: stringList(values, `${where}.${operator}.${key}`, fail) });
  }
  return clauses;
}

function statementOf(raw: unknown, index: number, fail: (detail: string) => never): Statement {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) return fail(`${where} must be an object`);
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return fail(`${where}.Effect must be "Allow" or "Deny"`);
  if ((raw.Action === undefined) === (raw.NotAction === undefined))
    return fail(`${where} needs exactly one of Action and NotAction`);
  if (raw.Resource !== undefined && raw.NotResource !== undefined)
    return fail(`${where} has both Resource and NotResource`);
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined)
    return fail(`${where} has both Principal and NotPrincipal`);
  const list = (key: string) =>
    raw[key] === undefined ? undefined : stringList(raw[key], `${where}.${key}`, fail);
  const principal = (key: string) =>
    raw[key] === undefined ? undefined : principalOf(raw[key], `${where}.${key}`, fail);
  return {
    sid: typeof raw.Sid === 'string' ? raw.Sid : undefined,
    effect,
    action: list('Action'),
    notAction: list('NotAction'),
    resource: list('Resource'),
    notResource: list('NotResource'),
    principal: principal('Principal'),
    notPrincipal: principal('NotPrincipal'),
    conditions: conditionsOf(raw.Condition, `${where}.Condition`, fail),
    index,
  };
}

/** Parses a policy document (JSON text or an already parsed object). */
export function parsePolicy(name: string, document: unknown): Policy {
  const fail = (detail: string): never => {
    throw new PolicyParseError(name, detail);
  };
  let parsed: unknown = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch (error) {
      fail(`not JSON (${(error as Error).message})`);
    }
  }
  if (!isRecord(parsed)) return fail('must be a JSON object with a Statement');
  const raw = parsed.Statement;
  if (raw === undefined) return fail('has no Statement');
  const list = Array.isArray(raw) ? raw : [raw];
  return { name, statements: list.map((s, i) => statementOf(s, i, fail)) };
}

/** `Sid "DenyRegions"` or `Statement[2]`: how an explanation names a statement. */
export function statementLabel(statement: Statement): string {
  return statement.sid ? `Sid ${statement.sid}` : `Statement[${statement.index}]`;
}
