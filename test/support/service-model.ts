/**
 * Checks sandbox answers against AWS's own service models (the botocore JSON models installed with
 * Python here): every output member must exist in the operation's output shape with the right type,
 * enum values must be valid, required output members present, and error codes must be errors the
 * service defines. Models are read where installed, never copied into the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XmlList, XmlMap } from '../../src/sandbox/protocols/xml.js';

interface ShapeRef {
  shape: string;
  /** Wire name in XML and REST protocols (`detectorIds`, `Bucket`). */
  locationName?: string;
  location?: string;
}
interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  exception?: boolean;
  error?: { code?: string };
  /** restXml / restJson: the member that is the whole HTTP body. */
  payload?: string;
}
interface Model {
  metadata: { protocol: string; targetPrefix?: string; jsonVersion?: string };
  operations: Record<string, { output?: ShapeRef; errors?: ShapeRef[] }>;
  shapes: Record<string, Shape>;
}

/** Sandbox service name → botocore model directory. */
const MODEL_DIRS: Record<string, string> = {
  organizations: 'organizations',
  iam: 'iam',
  sts: 'sts',
  'sso-admin': 'sso-admin',
  identitystore: 'identitystore',
  cloudtrail: 'cloudtrail',
  config: 'config',
  sqs: 'sqs',
  guardduty: 'guardduty',
  securityhub: 'securityhub',
  accessanalyzer: 'accessanalyzer',
  account: 'account',
  lambda: 'lambda',
  support: 'support',
  ec2: 'ec2',
  elbv2: 'elbv2',
  rds: 'rds',
  cloudformation: 'cloudformation',
  s3: 's3',
  s3control: 's3control',
  events: 'events',
  kms: 'kms',
  sns: 'sns',
  ce: 'ce',
  budgets: 'budgets',
};

/** Errors every AWS service may answer although models do not list them. */
/**
 * S3 models few of its errors; these are in the S3 API reference's list of error codes
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
const DOCUMENTED_OUTSIDE_MODEL: Record<string, ReadonlySet<string>> = {
  s3: new Set([
    'NoSuchBucket',
    'NoSuchBucketPolicy',
    'NoSuchTagSet',
    'NoSuchPublicAccessBlockConfiguration',
    'NoSuchLifecycleConfiguration',
    'ObjectLockConfigurationNotFoundError',
    'InvalidBucketName',
    'InvalidBucketState',
    'InvalidLocationConstraint',
    'IllegalLocationConstraintException',
    'InvalidTargetBucketForLogging',
    'InvalidTag',
    'MalformedPolicy',
    'MalformedXML',
    'InvalidRequest',
    'InvalidArgument',
    'InvalidRange',
    'InvalidDigest',
    'BadDigest',
    'BucketNotEmpty',
    'EntityTooSmall',
    'EntityTooLarge',
    'InvalidPart',
    'InvalidPartOrder',
    'KeyTooLongError',
    'MetadataTooLarge',
    'PreconditionFailed',
    'IncompleteBody',
    'InvalidChunkSizeError',
  ]),
  s3control: new Set(['NoSuchPublicAccessBlockConfiguration', 'InvalidRequest']),
  // The common errors every query API documents (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html).
  rds: new Set(['InvalidParameterCombination', 'InvalidParameterValue', 'MissingParameter']),
  elbv2: new Set(['InvalidParameterValue', 'MissingParameter']),
  // EC2's model defines no errors; these are in the EC2 API reference's error code list.
  ec2: new Set([
    'InvalidInstanceID.NotFound',
    'InvalidInstanceID.Malformed',
    'InvalidAMIID.Malformed',
    'InvalidVpcID.NotFound',
    'InvalidVpc.Range',
    'InvalidParameterValue',
    'InvalidParameterCombination',
    'MissingParameter',
    'DependencyViolation',
    'OptInRequired',
    'InvalidParameter',
    'InvalidSubnetID.NotFound',
    'InvalidGroup.NotFound',
    'InvalidVolume.NotFound',
    'InsufficientFreeAddressesInSubnet',
  ]),
};

const COMMON_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InternalFailure',
  'ServiceUnavailable',
  'Throttling',
  'ThrottlingException',
  'ValidationError',
  'ValidationException',
  'UnknownOperationException',
  'InvalidAction',
  'NotImplemented',
  // answers to requests refused for their signature (orgward sandbox --verify-signatures)
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
  'InvalidToken',
  'AuthFailure',
  'RequestExpired',
  'RequestTimeTooSkewed',
  'XAmzContentSHA256Mismatch',
  'SerializationException',
]);

let dataDir: string | null | undefined;

function botocoreData(): string | null {
  if (dataDir !== undefined) return dataDir;
  const result = spawnSync(
    'python3',
    ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'],
    {
      encoding: 'utf8',
    },
  );
  const dir = result.status === 0 ? join(result.stdout.trim(), 'data') : '';
  dataDir = dir && existsSync(dir) ? dir : null;
  if (!dataDir)
    console.warn('botocore models are not installed: sandbox answers are not checked against AWS models');
  return dataDir;
}

const models = new Map<string, Model | null>();

function loadModel(service: string): Model | null {
  if (models.has(service)) return models.get(service)!;
  const data = botocoreData();
  const dirName = MODEL_DIRS[service];
  let model: Model | null = null;
  if (data && dirName && existsSync(join(data, dirName))) {
    const version = readdirSync(join(data, dirName)).sort().pop()!;
    const base = join(data, dirName, version);
    const gz = join(base, 'service-2.json.gz');
    const text = existsSync(gz)
      ? gunzipSync(readFileSync(gz)).toString('utf8')
      : readFileSync(join(base, 'service-2.json'), 'utf8');
    model = JSON.parse(text) as Model;
  }
  models.set(service, model);
  return model;
}

/** The model's wire metadata (protocol, X-Amz-Target prefix), or null where botocore is not installed. */
export function modelMetadata(service: string): Model['metadata'] | null {
  return loadModel(service)?.metadata ?? null;
}

export function modelsAvailable(): boolean {
  return botocoreData() !== null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function checkValue(model: Model, shapeName: string, value: unknown, path: string, issues: string[]): void {
  if (value === undefined || value === null) return;
  const shape = model.shapes[shapeName];
  if (!shape) {
    issues.push(`${path}: model has no shape ${shapeName}`);
    return;
  }
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) {
        issues.push(`${path}: expected a structure (${shapeName})`);
        return;
      }
      const byWireName = new Map<string, ShapeRef>();
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        byWireName.set(name, ref);
        if (ref.locationName) byWireName.set(ref.locationName, ref);
      }
      for (const [key, member] of Object.entries(value)) {
        // `$status`, `$headers`, `$body`, `$root`: the HTTP binding, not body members
        if (member === undefined || key.startsWith('$')) continue;
        const ref = byWireName.get(key);
        if (!ref) issues.push(`${path}.${key}: not a member of ${shapeName}`);
        else checkValue(model, ref.shape, member, `${path}.${key}`, issues);
      }
      for (const required of shape.required ?? []) {
        const ref = shape.members?.[required];
        // members bound to headers or the status code travel outside the body
        if (ref?.location) continue;
        if (value[required] === undefined && (!ref?.locationName || value[ref.locationName] === undefined)) {
          issues.push(`${path}.${required}: required by ${shapeName} but missing`);
        }
      }
      return;
    }
    case 'list':
      if (value instanceof XmlList)
        value.items.forEach((item, i) =>
          checkValue(model, shape.member!.shape, item, `${path}[${i}]`, issues),
        );
      else if (!Array.isArray(value)) issues.push(`${path}: expected a list (${shapeName})`);
      else value.forEach((item, i) => checkValue(model, shape.member!.shape, item, `${path}[${i}]`, issues));
      return;
    case 'map': {
      const entries =
        value instanceof XmlMap ? value.entries : isPlainObject(value) ? Object.entries(value) : undefined;
      if (!entries) issues.push(`${path}: expected a map (${shapeName})`);
      else for (const [k, v] of entries) checkValue(model, shape.value!.shape, v, `${path}[${k}]`, issues);
      return;
    }
    case 'string':
      if (typeof value !== 'string')
        issues.push(`${path}: expected a string (${shapeName}), got ${typeof value}`);
      else if (shape.enum && !shape.enum.includes(value))
        issues.push(`${path}: '${value}' is not in enum ${shapeName}`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value))
        issues.push(`${path}: expected an integer (${shapeName}), got ${JSON.stringify(value)}`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') issues.push(`${path}: expected a number (${shapeName})`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        issues.push(`${path}: expected a boolean (${shapeName}), got ${JSON.stringify(value)}`);
      return;
    case 'timestamp':
      if (!(value instanceof Date))
        issues.push(`${path}: expected a Date (${shapeName}), got ${JSON.stringify(value)}`);
      return;
    case 'blob':
      if (typeof value !== 'string' && !(value instanceof Uint8Array))
        issues.push(`${path}: expected a blob (${shapeName})`);
      return;
    default:
      return;
  }
}

/** Issues with one answered call; empty when it matches the model (or no model is installed). */
export function checkCall(call: {
  service: string;
  operation: string;
  output?: unknown;
  error?: { code: string };
}): string[] {
  const model = loadModel(call.service);
  if (!model) return [];
  const where = `${call.service}.${call.operation}`;
  const operation = model.operations[call.operation];
  if (!operation) return [`${where}: not an operation of the ${call.service} model`];
  const issues: string[] = [];
  if (call.error) {
    const codes = new Set(
      Object.entries(model.shapes)
        .filter(([, shape]) => shape.exception)
        .map(([name, shape]) => shape.error?.code ?? name),
    );
    if (
      !codes.has(call.error.code) &&
      !COMMON_ERRORS.has(call.error.code) &&
      !DOCUMENTED_OUTSIDE_MODEL[call.service]?.has(call.error.code)
    ) {
      issues.push(`${where}: error code ${call.error.code} is not defined by the ${call.service} model`);
    }
    return issues;
  }
  const output = call.output ?? {};
  if (!operation.output) {
    if (isPlainObject(output) && Object.keys(output).some((k) => !k.startsWith('$')))
      issues.push(`${where}: the model defines no output`);
    return issues;
  }
  // A payload member is the whole body: the handler answers its members at the top level (`$root`
  // names the element), or the raw text (`$body`).
  const outputShape = model.shapes[operation.output.shape];
  const payload = outputShape?.payload ? outputShape.members?.[outputShape.payload] : undefined;
  if (payload && isPlainObject(output)) {
    if ('$body' in output) return issues;
    if (model.shapes[payload.shape]?.type === 'structure') {
      checkValue(model, payload.shape, output, `${where}.${outputShape!.payload!}`, issues);
      return issues;
    }
  }
  checkValue(model, operation.output.shape, output, where, issues);
  return issues;
}
