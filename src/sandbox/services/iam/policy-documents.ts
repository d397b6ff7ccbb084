/**
 * IAM policy documents: grammar validation (MalformedPolicyDocument), size quotas counted as AWS counts
 * them (characters other than whitespace), and the URL encoding IAM applies to documents in its answers.
 * Shared by IAM (managed, inline and trust policies) and STS (session policies, trust evaluation).
 */
import { limitExceeded, malformedPolicy } from './common.js';

/** identity: managed and inline policies; trust: a role's assume-role policy; session: STS `Policy`. */
export type PolicyKind = 'identity' | 'trust' | 'session';

export type StringOrList = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: '*' | Record<string, StringOrList>;
  NotPrincipal?: '*' | Record<string, StringOrList>;
  Condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const ACTION_PATTERN = /^(\*|[a-zA-Z0-9-]+:[\w*?-]*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrList(value: unknown): value is StringOrList {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
  );
}

export function asList(value: StringOrList | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

function checkStatement(raw: unknown, kind: PolicyKind): PolicyStatement {
  if (!isRecord(raw)) throw malformedPolicy('Syntax errors in policy.');
  if (raw.Effect === undefined) throw malformedPolicy('Missing required field Effect');
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny')
    throw malformedPolicy(`Invalid effect: ${JSON.stringify(raw.Effect)}`);
  const action = raw.Action ?? raw.NotAction;
  if (action === undefined) throw malformedPolicy('Missing required field Action');
  if (raw.Action !== undefined && raw.NotAction !== undefined)
    throw malformedPolicy('Syntax errors in policy.');
  if (!isStringOrList(action)) throw malformedPolicy('Syntax errors in policy.');
  for (const a of asList(action)) {
    if (!ACTION_PATTERN.test(a))
      throw malformedPolicy('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  }
  const resource = raw.Resource ?? raw.NotResource;
  const principal = raw.Principal ?? raw.NotPrincipal;
  if (kind === 'trust') {
    if (resource !== undefined) throw malformedPolicy('Has prohibited field Resource');
    if (principal === undefined) throw malformedPolicy('Missing required field Principal');
    if (principal !== '*' && !(isRecord(principal) && Object.values(principal).every(isStringOrList)))
      throw malformedPolicy('Invalid principal in policy');
  } else {
    if (principal !== undefined) throw malformedPolicy('Policy document should not specify a principal.');
    if (resource === undefined) throw malformedPolicy('Missing required field Resource');
    if (!isStringOrList(resource)) throw malformedPolicy('Syntax errors in policy.');
  }
  if (raw.Condition !== undefined && !isRecord(raw.Condition))
    throw malformedPolicy('Syntax errors in policy.');
  return raw as unknown as PolicyStatement;
}

/** Parses and checks a policy document; throws MalformedPolicyDocument as IAM words it. */
export function parsePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformedPolicy('Syntax errors in policy.');
  }
  if (!isRecord(parsed)) throw malformedPolicy('Syntax errors in policy.');
  if (parsed.Version !== undefined && (typeof parsed.Version !== 'string' || !VERSIONS.has(parsed.Version)))
    throw malformedPolicy('The policy failed legacy parsing');
  const statements = parsed.Statement;
  if (statements === undefined) throw malformedPolicy('Missing required field Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw malformedPolicy('Syntax errors in policy.');
  return {
    ...(typeof parsed.Version === 'string' ? { Version: parsed.Version } : {}),
    Statement: list.map((s) => checkStatement(s, kind)),
  };
}

/** How IAM measures a policy against its size quotas: characters other than whitespace. */
export function policySize(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) size++;
  }
  return size;
}

/** LimitExceeded as IAM answers a document over its quota (`PolicySize`, `ACLSizePerRole`, ...). */
export function checkPolicySize(size: number, quotaName: string, limit: number): void {
  if (size > limit) throw limitExceeded(`Cannot exceed quota for ${quotaName}: ${limit}`);
}

/** IAM answers documents URL-encoded (RFC 3986); SDKs hand them over as they are. */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}

export const MANAGED_POLICY_SIZE = 6144;
export const TRUST_POLICY_SIZE = 2048;
