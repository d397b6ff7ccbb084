import type { AwsError } from '../errors.js';
import type { SandboxResponse } from './types.js';
import { escapeXml, writeXmlMembers } from './xml.js';

const QUERY_STYLE = { listItem: 'member' } as const;
const EC2_STYLE = { listItem: 'item' } as const;

/** `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>` */
export function awsQuerySuccess(
  operation: string,
  output: Record<string, unknown> | undefined,
  namespace: string,
  requestId: string,
): SandboxResponse {
  const out: string[] = [`<${operation}Response xmlns="${namespace}">`];
  if (output && Object.keys(output).length > 0) {
    out.push(`<${operation}Result>`);
    writeXmlMembers(out, output, QUERY_STYLE);
    out.push(`</${operation}Result>`);
  }
  out.push(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: out.join(''),
  };
}

export function awsQueryError(error: AwsError, namespace: string, requestId: string): SandboxResponse {
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.faultType}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, ...error.headers },
    body,
  };
}

/** ec2 query: no Result wrapper, lower-case `requestId`, lists as `<item>`. */
export function ec2Success(
  operation: string,
  output: Record<string, unknown> | undefined,
  namespace: string,
  requestId: string,
): SandboxResponse {
  const out: string[] = [`<${operation}Response xmlns="${namespace}"><requestId>${requestId}</requestId>`];
  if (output) writeXmlMembers(out, output, EC2_STYLE);
  out.push(`</${operation}Response>`);
  return { status: 200, headers: { 'content-type': 'text/xml' }, body: out.join('') };
}

export function ec2Error(error: AwsError, requestId: string): SandboxResponse {
  const body =
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `</Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  return { status: error.status, headers: { 'content-type': 'text/xml', ...error.headers }, body };
}
