/**
 * AWS Signature Version 4, checked as AWS checks it (`orgward sandbox --verify-signatures`, config
 * `auth.verifySignatures`). Off by default: then the sandbox reads only the access key id (principal.ts).
 *
 * With verification on, a request must be signed by a key the sandbox knows, with that key's secret:
 *
 * - a key in `world.credentials` (IAM user and root access keys, STS sessions; a session's
 *   `X-Amz-Security-Token` must be its own token);
 * - the administrator key (`auth.adminAccessKeyId`, default `test`) or any 12-digit access key id, both
 *   with the administrator secret (`auth.adminSecretAccessKey`, default `test`); they act as principal.ts
 *   says (the default account's administrator, that account's administrator).
 *
 * Both header signatures (`Authorization: AWS4-HMAC-SHA256 …`) and presigned URLs (`X-Amz-Signature`
 * in the query) are checked, against the sandbox clock (15 minutes of skew; a presigned URL until
 * `X-Amz-Date + X-Amz-Expires`). An unsigned S3 request stays anonymous (S3 decides anonymous access
 * itself); an unsigned request to any other service is refused. Failures are answered with the codes
 * AWS answers in each family of services (see {@link authError}).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from './config.js';
import { AwsError } from './errors.js';
import type { ProtocolName, SandboxRequest } from './protocols/types.js';
import { isAccountId, type World } from './world.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far the request time may be from the sandbox clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest a presigned URL may be valid (S3: one week). */
export const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Operations AWS serves without a signature (none of them is served by the sandbox yet). */
const UNSIGNED_OPERATIONS = new Set(['sts.AssumeRoleWithWebIdentity', 'sts.AssumeRoleWithSAML']);

/** The service a request was routed to, as far as authentication cares. */
export interface AuthTarget {
  name: string;
  signingName: string;
  protocol: ProtocolName;
}

/** A signature as the request carries it, header or presigned. */
export interface ParsedSignature {
  presigned: boolean;
  accessKeyId: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  scope: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  amzDate: string;
  /** Presigned URLs: `X-Amz-Expires` in seconds. */
  expiresSeconds?: number;
  sessionToken?: string;
}

type Family = 's3' | 'query' | 'ec2' | 'json';

type Failure =
  | { kind: 'missing' }
  | { kind: 'malformed'; message: string }
  | { kind: 'unsupported'; message: string }
  | { kind: 'unknownKey'; accessKeyId: string }
  | { kind: 'badToken'; accessKeyId: string }
  | {
      kind: 'mismatch';
      accessKeyId: string;
      stringToSign: string;
      canonicalRequest: string;
      provided: string;
    }
  | { kind: 'skew'; amzDate: string; now: Date }
  | { kind: 'expired'; amzDate: string; expiresSeconds: number; now: Date }
  | { kind: 'contentHash'; provided: string; computed: string }
  | { kind: 'missingContentHash' };

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** `20260101T120000Z`. */
export function amzDateOf(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** EC2's one answer for an unknown key and a wrong signature alike. */
const ec2AuthFailure = () =>
  new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', {
    status: 401,
  });

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The errors of each family of services, as AWS spells them. */
function authError(family: Family, failure: Failure): AwsError {
  const forbidden = (code: string, message: string, extras: Record<string, unknown> = {}) =>
    new AwsError(code, message, { status: 403, extras });
  const bad = (code: string, message: string, extras: Record<string, unknown> = {}) =>
    new AwsError(code, message, { status: 400, extras });
  const json = family === 'json';
  switch (failure.kind) {
    case 'missing':
      if (family === 'ec2')
        return new AwsError('MissingAuthenticationToken', 'The request must contain valid credentials.', {
          status: 401,
        });
      return json
        ? forbidden('MissingAuthenticationTokenException', 'Missing Authentication Token')
        : forbidden('MissingAuthenticationToken', 'Request is missing Authentication Token');
    case 'unsupported':
      if (family === 's3') return bad('InvalidRequest', failure.message);
      return json
        ? bad('IncompleteSignatureException', failure.message)
        : bad('IncompleteSignature', failure.message);
    case 'malformed':
      if (family === 's3') return bad('AuthorizationHeaderMalformed', failure.message);
      return json
        ? bad('IncompleteSignatureException', failure.message)
        : bad('IncompleteSignature', failure.message);
    case 'unknownKey':
    case 'badToken':
      if (family === 's3') {
        return failure.kind === 'badToken'
          ? bad('InvalidToken', 'The provided token is malformed or otherwise invalid.')
          : forbidden(
              'InvalidAccessKeyId',
              'The AWS Access Key Id you provided does not exist in our records.',
              { AWSAccessKeyId: failure.accessKeyId },
            );
      }
      if (family === 'ec2') return ec2AuthFailure();
      return json
        ? forbidden('UnrecognizedClientException', INVALID_TOKEN)
        : forbidden('InvalidClientTokenId', INVALID_TOKEN);
    case 'mismatch':
      if (family === 's3')
        return forbidden(
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
          {
            AWSAccessKeyId: failure.accessKeyId,
            StringToSign: failure.stringToSign,
            SignatureProvided: failure.provided,
            CanonicalRequest: failure.canonicalRequest,
          },
        );
      if (family === 'ec2') return ec2AuthFailure();
      return json
        ? forbidden('InvalidSignatureException', SIGNATURE_MISMATCH)
        : forbidden('SignatureDoesNotMatch', SIGNATURE_MISMATCH);
    case 'skew': {
      if (family === 's3')
        return forbidden(
          'RequestTimeTooSkewed',
          'The difference between the request time and the current time is too large.',
          {
            RequestTime: failure.amzDate,
            ServerTime: failure.now.toISOString(),
            MaxAllowedSkewMilliseconds: MAX_SKEW_MS,
          },
        );
      if (family === 'ec2') return bad('RequestExpired', 'Request has expired.');
      return skewError(json, failure.amzDate, failure.now);
    }
    case 'expired': {
      const expiry = new Date(parseAmzDate(failure.amzDate)!.getTime() + failure.expiresSeconds * 1000);
      if (family === 's3')
        return forbidden('AccessDenied', 'Request has expired', {
          'X-Amz-Expires': failure.expiresSeconds,
          Expires: expiry.toISOString(),
          ServerTime: failure.now.toISOString(),
        });
      if (family === 'ec2') return bad('RequestExpired', 'Request has expired.');
      return forbidden(
        json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch',
        `Signature expired: ${amzDateOf(expiry)} is now earlier than ${amzDateOf(failure.now)}.`,
      );
    }
    case 'contentHash':
      return bad(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        { ClientComputedContentSHA256: failure.provided, S3ComputedContentSHA256: failure.computed },
      );
    case 'missingContentHash':
      return bad('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
}

function skewError(json: boolean, amzDate: string, now: Date): AwsError {
  const requestMs = parseAmzDate(amzDate)!.getTime();
  const message =
    requestMs < now.getTime()
      ? `Signature expired: ${amzDate} is now earlier than ${amzDateOf(new Date(now.getTime() - MAX_SKEW_MS))} (${amzDateOf(now)} - 15 min.)`
      : `Signature not yet current: ${amzDate} is still later than ${amzDateOf(new Date(now.getTime() + MAX_SKEW_MS))} (${amzDateOf(now)} + 15 min.)`;
  return new AwsError(json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', message, { status: 403 });
}

function familyOf(target: AuthTarget): Family {
  if (target.signingName.startsWith('s3')) return 's3';
  switch (target.protocol) {
    case 'ec2Query':
      return 'ec2';
    case 'awsQuery':
    case 'restXml':
      return 'query';
    default:
      return 'json';
  }
}

/** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 wants it. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function firstString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A query parameter by name, ignoring case (clients hoist `x-amz-*` headers in either spelling). */
function queryParam(query: SandboxRequest['query'], name: string): string | undefined {
  if (Object.hasOwn(query, name)) return firstString(query[name]);
  const lower = name.toLowerCase();
  for (const key of Object.keys(query)) if (key.toLowerCase() === lower) return firstString(query[key]);
  return undefined;
}

/** Whether the request tries to authenticate at all (even in a way the sandbox cannot read). */
export function isSigned(request: Pick<SandboxRequest, 'headers' | 'query'>): boolean {
  return (
    request.headers.authorization !== undefined ||
    queryParam(request.query, 'X-Amz-Signature') !== undefined ||
    queryParam(request.query, 'X-Amz-Credential') !== undefined ||
    // Signature Version 2 query authentication (the AWS CLI v1's default for `aws s3 presign`).
    (Object.hasOwn(request.query, 'AWSAccessKeyId') && Object.hasOwn(request.query, 'Signature'))
  );
}

function parseCredential(
  value: string,
): Pick<ParsedSignature, 'accessKeyId' | 'scope' | 'scopeDate' | 'region' | 'service'> | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!)) return undefined;
  if (!parts[0] || !parts[2] || !parts[3]) return undefined;
  return {
    accessKeyId: parts[0],
    scope: parts.slice(1).join('/'),
    scopeDate: parts[1]!,
    region: parts[2],
    service: parts[3],
  };
}

/** The signature a request carries, or a reason it cannot be read. */
export function parseSignature(
  request: SandboxRequest,
): ParsedSignature | { malformed: string } | { unsupported: string } {
  const unsupported = {
    unsupported: `The authorization mechanism you have provided is not supported. Please use ${SIGV4_ALGORITHM}.`,
  };
  const header = request.headers.authorization;
  if (header !== undefined) {
    const space = header.indexOf(' ');
    const algorithm = space < 0 ? header : header.slice(0, space);
    if (algorithm !== SIGV4_ALGORITHM) return unsupported;
    const fields: Record<string, string> = {};
    for (const part of header.slice(space + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    const credential = fields.Credential ? parseCredential(fields.Credential) : undefined;
    if (!credential || !fields.SignedHeaders || !fields.Signature)
      return {
        malformed: `Authorization header requires 'Credential' (<key>/<date>/<region>/<service>/aws4_request), 'SignedHeaders' and 'Signature' parameters. Authorization=${header}`,
      };
    const httpDate = request.headers.date ? new Date(request.headers.date) : undefined;
    const amzDate =
      request.headers['x-amz-date'] ??
      (httpDate && !Number.isNaN(httpDate.getTime()) ? amzDateOf(httpDate) : undefined);
    if (!amzDate || !parseAmzDate(amzDate))
      return {
        malformed: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      };
    const token = request.headers['x-amz-security-token'];
    return {
      presigned: false,
      ...credential,
      signedHeaders: fields.SignedHeaders.split(';'),
      signature: fields.Signature,
      amzDate,
      ...(token !== undefined ? { sessionToken: token } : {}),
    };
  }
  const q = (name: string) => queryParam(request.query, name);
  const algorithm = q('X-Amz-Algorithm');
  if (algorithm === undefined && q('X-Amz-Credential') === undefined) return unsupported;
  const credentialText = q('X-Amz-Credential');
  const amzDate = q('X-Amz-Date');
  const signedHeaders = q('X-Amz-SignedHeaders');
  const signature = q('X-Amz-Signature');
  const expires = q('X-Amz-Expires');
  const credential = credentialText ? parseCredential(credentialText) : undefined;
  if (
    algorithm !== SIGV4_ALGORITHM ||
    !credential ||
    !amzDate ||
    !parseAmzDate(amzDate) ||
    !signedHeaders ||
    !signature ||
    (credential.service.startsWith('s3') && expires === undefined)
  ) {
    return {
      malformed:
        'Query-string authentication version 4 requires the X-Amz-Algorithm (AWS4-HMAC-SHA256), X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    };
  }
  let expiresSeconds: number | undefined;
  if (expires !== undefined) {
    expiresSeconds = /^\d{1,9}$/.test(expires) ? Number(expires) : NaN;
    if (!(expiresSeconds >= 0 && expiresSeconds <= MAX_PRESIGNED_SECONDS))
      return {
        malformed: `X-Amz-Expires must be a whole number of seconds from 0 to ${MAX_PRESIGNED_SECONDS} (a week).`,
      };
  }
  const token = q('X-Amz-Security-Token');
  return {
    presigned: true,
    ...credential,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    ...(expiresSeconds !== undefined ? { expiresSeconds } : {}),
    ...(token !== undefined ? { sessionToken: token } : {}),
  };
}

/**
 * The canonical URI: S3 signs the path exactly as sent; every other service signs it with dot segments
 * and empty segments removed, then percent-encoded once more (so an encoded `%2F` is signed as `%252F`).
 */
export function canonicalUri(path: string, signingService: string): string {
  if (signingService.startsWith('s3')) return path || '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEncode(normalized).replace(/%2F/g, '/');
}

/** Sorted `key=value` pairs, both encoded; a presigned URL's own `X-Amz-Signature` is left out. */
export function canonicalQuery(query: SandboxRequest['query']): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() === 'x-amz-signature') continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([uriEncode(key), uriEncode(item)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaderValue(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, ' ');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export interface SignedParts {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** The canonical request, string to sign and signature of a request under a payload hash. */
export function computeSignature(
  request: SandboxRequest,
  parsed: ParsedSignature,
  secret: string,
  payloadHash: string,
): SignedParts {
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(request.path, parsed.service),
    canonicalQuery(request.query),
    parsed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`).join(''),
    parsed.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const stringToSign = [SIGV4_ALGORITHM, parsed.amzDate, parsed.scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const signature = createHmac('sha256', signingKey(secret, parsed.scopeDate, parsed.region, parsed.service))
    .update(stringToSign, 'utf8')
    .digest('hex');
  return { canonicalRequest, stringToSign, signature };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

interface KnownKey {
  secret: string;
  /** STS sessions: the token the request must carry. */
  sessionToken?: string;
  /** The administrator keys, which take any (or no) session token. */
  admin: boolean;
}

/** The secret (and session token) of an access key id with verification on, or undefined for an unknown key. */
export function knownKey(world: World, auth: AuthConfig, accessKeyId: string): KnownKey | undefined {
  if (Object.hasOwn(world.credentials, accessKeyId)) {
    const record = world.credentials[accessKeyId]!;
    return {
      secret: record.secretAccessKey,
      ...('sessionToken' in record ? { sessionToken: record.sessionToken } : {}),
      admin: false,
    };
  }
  if (accessKeyId === auth.adminAccessKeyId || isAccountId(accessKeyId))
    return { secret: auth.adminSecretAccessKey, admin: true };
  return undefined;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The payload hashes a request may have been signed with (more than one only for a non-S3 presigned URL). */
function payloadHashes(request: SandboxRequest, parsed: ParsedSignature, s3: boolean): string[] | Failure {
  if (parsed.presigned) {
    const given = queryParam(request.query, 'X-Amz-Content-Sha256');
    if (given !== undefined) return [given];
    // botocore presigns every service with UNSIGNED-PAYLOAD, the AWS SDKs non-S3 ones with the body's hash.
    return s3 ? [UNSIGNED_PAYLOAD] : [sha256Hex(request.body), UNSIGNED_PAYLOAD];
  }
  const given = request.headers['x-amz-content-sha256'];
  if (given === undefined) return s3 ? { kind: 'missingContentHash' } : [sha256Hex(request.body)];
  if (HEX_SHA256.test(given)) {
    const computed = sha256Hex(request.body);
    if (given !== computed) return { kind: 'contentHash', provided: given, computed };
  }
  // S3: UNSIGNED-PAYLOAD and STREAMING-* (aws-chunked uploads) are signed as given.
  return [given];
}

function check(
  request: SandboxRequest,
  target: AuthTarget,
  operation: string,
  world: World,
  now: Date,
  auth: AuthConfig,
): Failure | undefined {
  if (!isSigned(request)) {
    // S3 decides anonymous access itself (bucket policies, public objects).
    if (familyOf(target) === 's3' || UNSIGNED_OPERATIONS.has(`${target.name}.${operation}`)) return undefined;
    return { kind: 'missing' };
  }
  const parsed = parseSignature(request);
  if ('unsupported' in parsed) return { kind: 'unsupported', message: parsed.unsupported };
  if ('malformed' in parsed) return { kind: 'malformed', message: parsed.malformed };
  if (parsed.amzDate.slice(0, 8) !== parsed.scopeDate)
    return {
      kind: 'malformed',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.scopeDate}' != '${parsed.amzDate.slice(0, 8)}', from '${parsed.amzDate}'.`,
    };

  const key = knownKey(world, auth, parsed.accessKeyId);
  if (!key) return { kind: 'unknownKey', accessKeyId: parsed.accessKeyId };
  if (!key.admin) {
    if (key.sessionToken !== undefined) {
      if (parsed.sessionToken === undefined) return { kind: 'unknownKey', accessKeyId: parsed.accessKeyId };
      if (!sameText(parsed.sessionToken, key.sessionToken))
        return { kind: 'badToken', accessKeyId: parsed.accessKeyId };
    } else if (parsed.sessionToken !== undefined && parsed.sessionToken !== '') {
      // A long-term key with a session token: AWS takes the pair for a session it does not know.
      return { kind: 'badToken', accessKeyId: parsed.accessKeyId };
    }
  }

  const requestMs = parseAmzDate(parsed.amzDate)!.getTime();
  if (parsed.presigned && parsed.expiresSeconds !== undefined) {
    if (now.getTime() > requestMs + parsed.expiresSeconds * 1000)
      return { kind: 'expired', amzDate: parsed.amzDate, expiresSeconds: parsed.expiresSeconds, now };
    if (requestMs - now.getTime() > MAX_SKEW_MS) return { kind: 'skew', amzDate: parsed.amzDate, now };
  } else if (Math.abs(now.getTime() - requestMs) > MAX_SKEW_MS) {
    return { kind: 'skew', amzDate: parsed.amzDate, now };
  }

  const hashes = payloadHashes(request, parsed, parsed.service.startsWith('s3'));
  if (!Array.isArray(hashes)) return hashes;
  let first: SignedParts | undefined;
  for (const hash of hashes) {
    const parts = computeSignature(request, parsed, key.secret, hash);
    if (sameText(parts.signature, parsed.signature)) return undefined;
    first ??= parts;
  }
  return {
    kind: 'mismatch',
    accessKeyId: parsed.accessKeyId,
    stringToSign: first!.stringToSign,
    canonicalRequest: first!.canonicalRequest,
    provided: parsed.signature,
  };
}

/**
 * Throws the error AWS answers when the request is not validly signed by a key the sandbox knows (see
 * the module comment); returns when it is, or when it is an anonymous S3 request.
 */
export function verifySignature(
  request: SandboxRequest,
  target: AuthTarget,
  operation: string,
  world: World,
  now: Date,
  auth: AuthConfig,
): void {
  const failure = check(request, target, operation, world, now, auth);
  if (failure) throw authError(familyOf(target), failure);
}
