/**
 * A function's resource-based policy, as Lambda builds it from AddPermission requests: one `Allow`
 * statement per permission, in the order they were added, inside
 * `{"Version":"2012-10-17","Id":"default","Statement":[...]}`. Shared by the API (permissions.ts) and
 * the `functions` seeder (state.ts).
 */

/** One statement, its members in the order Lambda writes them. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { AWS: string } | { Service: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** A function's policy: its statements and the revision that changes with each of them. */
export interface FunctionPolicy {
  revisionId: string;
  statements: PolicyStatement[];
}

/** What a permission says, as AddPermission or the seeder gives it. */
export interface PermissionRequest {
  sid: string;
  action: string;
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
  principalOrgId?: string;
  eventSourceToken?: string;
  functionUrlAuthType?: string;
  invokedViaFunctionUrl?: boolean;
}

/** The largest policy document Lambda keeps, in characters of its JSON text. */
export const POLICY_LIMIT = 20_480;

/**
 * The statement's principal: an account id becomes its root ARN, an IAM or STS ARN stays as given, a
 * service principal (`s3.amazonaws.com`, `alexa-appkit.amazon.com`) is a `Service`, `*` stays `*`.
 * Anything else is not a principal Lambda accepts (undefined).
 */
export function statementPrincipal(principal: string): PolicyStatement['Principal'] | undefined {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (/^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/.test(principal)) return { AWS: principal };
  if (/^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazon\.com)(\.cn)?$/.test(principal))
    return { Service: principal };
  return undefined;
}

/**
 * The statement Lambda writes for a permission on `resource` (the function's ARN). Conditions come in
 * the order AWS answers them: `StringEquals` (source account, organization, event source token, function
 * URL auth type), then `ArnLike` (source ARN), then `Bool` (invoked via a function URL).
 */
export function buildStatement(
  resource: string,
  request: PermissionRequest,
  principal: PolicyStatement['Principal'],
): PolicyStatement {
  const equals: Record<string, string> = {};
  if (request.sourceAccount !== undefined) equals['AWS:SourceAccount'] = request.sourceAccount;
  if (request.principalOrgId !== undefined) equals['aws:PrincipalOrgID'] = request.principalOrgId;
  if (request.eventSourceToken !== undefined) equals['lambda:EventSourceToken'] = request.eventSourceToken;
  if (request.functionUrlAuthType !== undefined)
    equals['lambda:FunctionUrlAuthType'] = request.functionUrlAuthType;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length > 0) condition.StringEquals = equals;
  if (request.sourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': request.sourceArn };
  if (request.invokedViaFunctionUrl !== undefined)
    condition.Bool = { 'lambda:InvokedViaFunctionUrl': String(request.invokedViaFunctionUrl) };
  return {
    Sid: request.sid,
    Effect: 'Allow',
    Principal: principal,
    Action: request.action,
    Resource: resource,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** The policy document as GetPolicy answers it (JSON text). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}
