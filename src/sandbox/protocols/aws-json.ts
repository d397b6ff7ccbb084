import type { AwsError } from '../errors.js';
import { parseJsonWithoutProto } from '../world.js';
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

/**
 * A JSON request body as an object, or undefined when it is not JSON or not an object. `__proto__`
 * members are dropped (AWS ignores members it does not know, and none is named so): the router copies
 * the body into the operation input with `Object.assign`, which would otherwise swap the input's
 * prototype. `constructor` and `prototype` stay own data members (a tag key may be named so).
 */
export function parseJsonBody(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed = parseJsonWithoutProto(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
