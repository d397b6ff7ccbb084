/**
 * REST protocols (restJson1, restXml): operations are bound to a method and a path template, as in
 * AWS's models (`/detector/{DetectorId}/member`, greedy `{Key+}`, and query discriminators such as
 * `/{Bucket}?policy`). Handlers receive path labels, query parameters and the body under their wire
 * names, and answer with the body members plus optional `$status` / `$headers`.
 */
import type { AwsError } from '../errors.js';
import { stringifyAwsJson } from './aws-json.js';
import type { SandboxResponse } from './types.js';
import { escapeXml, writeXmlMembers } from './xml.js';

export interface RestRoute {
  method: string;
  /** Path template, optionally with `?name` or `?name=value` query discriminators. */
  path: string;
  operation: string;
  /** A header the request must carry (S3's CopyObject is a PUT with `x-amz-copy-source`). */
  header?: string;
}

export interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  labels: string[];
  required: Array<[string, string | undefined]>;
}

export function compileRoute(route: RestRoute): CompiledRoute {
  const [pathPart, queryPart] = route.path.split('?', 2) as [string, string | undefined];
  const labels: string[] = [];
  const source = pathPart
    .split('/')
    .map((segment) =>
      segment.replace(/\{([^}+]+)(\+?)\}|[^{]+/g, (match, label: string | undefined, greedy: string) => {
        if (label === undefined) return match.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        labels.push(label);
        return greedy ? '(.+)' : '([^/]+)';
      }),
    )
    .join('/');
  const required: Array<[string, string | undefined]> = (queryPart ? queryPart.split('&') : []).map(
    (pair) => {
      const [name, value] = pair.split('=', 2) as [string, string | undefined];
      return [name, value];
    },
  );
  return { ...route, pattern: new RegExp(`^${source}/?$`), labels, required };
}

export interface RestMatch {
  operation: string;
  params: Record<string, string>;
  /** How specific the match is (more literal characters and discriminators win). */
  score: number;
}

export function matchRoute(
  route: CompiledRoute,
  method: string,
  path: string,
  query: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): RestMatch | undefined {
  if (route.method !== method) return undefined;
  if (route.header !== undefined && headers[route.header] === undefined) return undefined;
  const match = route.pattern.exec(path);
  if (!match) return undefined;
  for (const [name, value] of route.required) {
    if (!(name in query)) return undefined;
    if (value !== undefined && query[name] !== value) return undefined;
  }
  const params: Record<string, string> = {};
  route.labels.forEach((label, i) => (params[label] = decodeLabel(match[i + 1]!)));
  return {
    operation: route.operation,
    params,
    score:
      route.path.replace(/\{[^}]+\}/g, '').length +
      (route.required.length + (route.header !== undefined ? 1 : 0)) * 100,
  };
}

/** A path label, percent-decoded once; a malformed escape (`%ZZ`) is kept as sent, as S3 keeps such keys. */
function decodeLabel(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits a handler's answer into status, headers and body members. */
function splitOutput(output: Record<string, unknown>): {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  raw: string | Buffer | undefined;
} {
  const { $status, $headers, $body, ...body } = output;
  return {
    status: typeof $status === 'number' ? $status : 200,
    headers: ($headers as Record<string, string> | undefined) ?? {},
    body,
    raw: typeof $body === 'string' || Buffer.isBuffer($body) ? $body : undefined,
  };
}

export function restJsonSuccess(output: Record<string, unknown>, requestId: string): SandboxResponse {
  const { status, headers, body, raw } = splitOutput(output);
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...headers },
    body: raw ?? (status === 204 ? '' : stringifyAwsJson(body)),
  };
}

export function restJsonError(error: AwsError, requestId: string): SandboxResponse {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
      ...error.headers,
    },
    body: stringifyAwsJson({ message: error.message, ...error.extras }),
  };
}

/**
 * restXml: the handler names the root element with `$root` (e.g. `ListAllMyBucketsResult`) and an
 * optional `$xmlns`; or answers a raw `$body` (a bucket policy is JSON text, an object's content is
 * bytes, typed by its own `content-type` header); or nothing (empty 200/204).
 */
export function restXmlSuccess(output: Record<string, unknown>, requestId: string): SandboxResponse {
  const { $root, $xmlns, ...rest } = output;
  const { status, headers, body, raw } = splitOutput(rest);
  let text = raw ?? '';
  if (raw === undefined && typeof $root === 'string') {
    const out: string[] = [
      `<?xml version="1.0" encoding="UTF-8"?>\n<${$root}${typeof $xmlns === 'string' ? ` xmlns="${$xmlns}"` : ''}>`,
    ];
    writeXmlMembers(out, body, { listItem: 'member' });
    out.push(`</${$root}>`);
    text = out.join('');
  }
  return {
    status,
    headers: {
      'content-type': raw !== undefined ? 'application/json' : 'application/xml',
      'x-amz-request-id': requestId,
      ...headers,
    },
    body: text,
  };
}

export function restXmlError(error: AwsError, requestId: string): SandboxResponse {
  const extras = Object.entries(error.extras)
    .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
    .join('');
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, ...error.headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extras}<RequestId>${requestId}</RequestId></Error>`,
  };
}
