/**
 * What AWS accepts as a policy document of each Organizations policy type, checked without AWS.
 * SCPs and RCPs use the IAM policy language with their own restrictions; the management policy types
 * (tag, backup, AI opt-out, chatbot, declarative) are JSON with a required top-level key.
 */
import { POLICY_TYPES } from '../model/policy-types.js';
import type { PolicyType } from '../model/snapshot.js';

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function checkIamStyle(
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | 'IDENTITY',
  doc: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  if (doc.Version !== '2012-10-17') problems.push(`"Version" must be "2012-10-17"`);
  if (doc.Statement === undefined) return [...problems, 'a policy needs a "Statement"'];
  const statements = asList(doc.Statement);
  if (statements.length === 0) problems.push('"Statement" is empty');
  statements.forEach((raw, index) => {
    const where = statements.length > 1 || Array.isArray(doc.Statement) ? `Statement[${index}]` : 'Statement';
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${where} must be an object`);
      return;
    }
    const st = raw as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny')
      problems.push(`${where}: "Effect" must be "Allow" or "Deny"`);
    if ((st.Action === undefined) === (st.NotAction === undefined)) {
      problems.push(`${where}: give exactly one of "Action" or "NotAction"`);
    }
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      const value = st[key];
      if (value !== undefined && !asList(value).every((v) => typeof v === 'string' && v.length > 0)) {
        problems.push(`${where}: "${key}" must be a string or a list of strings`);
      }
    }
    if (type === 'SERVICE_CONTROL_POLICY' || type === 'IDENTITY') {
      if (st.Principal !== undefined || st.NotPrincipal !== undefined) {
        const what = type === 'IDENTITY' ? 'Identity-based policies' : 'SCPs';
        problems.push(`${where}: ${what} do not take "Principal" or "NotPrincipal"`);
      }
    } else {
      if (st.Effect === 'Allow')
        problems.push(`${where}: RCPs only support "Deny" statements (AWS keeps RCPFullAWSAccess for Allow)`);
      if (st.Principal === undefined)
        problems.push(`${where}: RCP statements need a "Principal" (usually "*")`);
      if (st.NotAction !== undefined) problems.push(`${where}: RCPs do not support "NotAction"`);
      if (st.NotPrincipal !== undefined) problems.push(`${where}: RCPs do not support "NotPrincipal"`);
    }
    const known = new Set([
      'Sid',
      'Effect',
      'Action',
      'NotAction',
      'Resource',
      'NotResource',
      'Condition',
      'Principal',
      'NotPrincipal',
    ]);
    for (const key of Object.keys(st))
      if (!known.has(key)) problems.push(`${where}: unknown element "${key}"`);
  });
  return problems;
}

/** Problems that make AWS refuse this document for this policy type; empty when none are known. */
export function policyDocumentProblems(type: PolicyType, doc: unknown): string[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return ['a policy document is a JSON object'];
  const record = doc as Record<string, unknown>;
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY')
    return checkIamStyle(type, record);
  const rootKey = POLICY_TYPES[type].rootKey;
  if (rootKey && !(rootKey in record)) return [`a ${type} document needs a top-level "${rootKey}" key`];
  return [];
}

/** IAM's limit for a customer-managed policy document, in characters without whitespace. */
export const IDENTITY_POLICY_MAX_CHARS = 6144;

/** Problems that make IAM refuse this identity-based policy document; empty when none are known. */
export function identityPolicyProblems(doc: unknown): string[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return ['a policy document is a JSON object'];
  return checkIamStyle('IDENTITY', doc as Record<string, unknown>);
}
