import type { AwsError } from '../errors.js';
import type { SandboxResponse } from './types.js';

/** JSON with AWS's awsJson/restJson timestamp rule: `Date` → epoch seconds (fractions allowed). */
export function stringifyAwsJson(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key, replaced: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : replaced;
  });
}

export function awsJsonContentType(version: '1.0' | '1.1'): string {
  return `application/x-amz-json-${version}`;
}

export function awsJsonSuccess(output: unknown, version: '1.0' | '1.1', requestId: string): SandboxResponse {
  return {
    status: 200,
    headers: { 'content-type': awsJsonContentType(version), 'x-amzn-requestid': requestId },
    body: stringifyAwsJson(output),
  };
}

/** `{"__type": code, "message": ..., extras}` plus `x-amzn-ErrorType`, as AWS's JSON services answer. */
export function awsJsonError(error: AwsError, version: '1.0' | '1.1', requestId: string): SandboxResponse {
  return {
    status: error.status,
    headers: {
      'content-type': awsJsonContentType(version),
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
      ...error.headers,
    },
    body: stringifyAwsJson({ __type: error.code, message: error.message, ...error.extras }),
  };
}

export function parseJsonBody(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
