/**
 * S3 bucket lifecycle configuration: PutBucketLifecycleConfiguration (`PUT /<bucket>?lifecycle`, the
 * whole rule set replaced at once), GetBucketLifecycleConfiguration and DeleteBucketLifecycle. Rules are
 * kept as configuration only: the sandbox never expires or transitions objects.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { Input } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import { xmlList } from '../../protocols/xml.js';
import type { Handler } from '../../service.js';
import { payloadOf, requireIntegrity, verifyIntegrity } from './object-requests.js';
import { bucketFor, empty, header, xml } from './operations.js';
import type { LifecycleFilter, LifecycleRule, LifecycleTag, LifecycleTransition } from './state.js';
import { childrenNamed, parseXml, type XmlElement } from './xml-tree.js';

export const MAX_LIFECYCLE_RULES = 1000;
const MAX_ID_LENGTH = 255;
const STORAGE_CLASSES = [
  'GLACIER',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
];
/** Infrequent-access classes take objects only after 30 days. */
const THIRTY_DAY_CLASSES = new Set(['STANDARD_IA', 'ONEZONE_IA']);
const MINIMUM_SIZE_HEADER = 'x-amz-transition-default-minimum-object-size';
const MINIMUM_SIZES = ['varies_by_storage_class', 'all_storage_classes_128K'];
/** What AWS applies to configurations written without the header (since September 2024). */
const DEFAULT_MINIMUM_SIZE = 'all_storage_classes_128K';

const malformed = () =>
  new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
const invalid = (message: string) => new AwsError('InvalidArgument', message);

// Reading elements ---------------------------------------------------------------------------------

/** Refuses children the schema does not allow, and any of them given twice unless listed as repeatable. */
function members(element: XmlElement, allowed: readonly string[], repeatable: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const child of element.children) {
    if (!allowed.includes(child.name)) throw malformed();
    if (seen.has(child.name) && !repeatable.includes(child.name)) throw malformed();
    seen.add(child.name);
  }
}

const child = (element: XmlElement, name: string) => childrenNamed(element, name)[0];

function integer(element: XmlElement, name: string): number | undefined {
  const found = child(element, name);
  if (!found) return undefined;
  if (!/^[+-]?\d{1,18}$/.test(found.text)) throw malformed();
  return Number(found.text);
}

/** A lifecycle date: ISO 8601, and at midnight UTC as S3 asks. */
function date(element: XmlElement): string | undefined {
  const found = child(element, 'Date');
  if (!found) return undefined;
  const at = new Date(found.text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(found.text) || Number.isNaN(at.getTime())) throw malformed();
  if (at.getTime() % 86_400_000 !== 0) throw invalid("'Date' must be at midnight GMT");
  return at.toISOString();
}

function storageClass(element: XmlElement): string {
  const value = child(element, 'StorageClass')?.text;
  if (!value || !STORAGE_CLASSES.includes(value)) throw malformed();
  return value;
}

function tag(element: XmlElement): LifecycleTag {
  members(element, ['Key', 'Value']);
  const key = child(element, 'Key');
  if (!key) throw malformed();
  return { Key: key.text, Value: child(element, 'Value')?.text ?? '' };
}

// Rule parts ---------------------------------------------------------------------------------------

const SIZE_MEMBERS = ['ObjectSizeGreaterThan', 'ObjectSizeLessThan'] as const;

function sizes(element: XmlElement): Pick<LifecycleFilter, 'ObjectSizeGreaterThan' | 'ObjectSizeLessThan'> {
  const out: Pick<LifecycleFilter, 'ObjectSizeGreaterThan' | 'ObjectSizeLessThan'> = {};
  for (const name of SIZE_MEMBERS) {
    const value = integer(element, name);
    if (value === undefined) continue;
    if (value < 0) throw invalid(`'${name}' must be a nonnegative number`);
    out[name] = value;
  }
  return out;
}

/** `<Filter>`: at most one of Prefix, Tag, the two sizes, or And (none: the whole bucket). */
function filter(element: XmlElement): LifecycleFilter {
  members(element, ['Prefix', 'Tag', ...SIZE_MEMBERS, 'And']);
  if (element.children.length > 1) throw malformed();
  const and = child(element, 'And');
  if (and) {
    members(and, ['Prefix', 'Tag', ...SIZE_MEMBERS], ['Tag']);
    const tags = childrenNamed(and, 'Tag').map(tag);
    if (new Set(tags.map((t) => t.Key)).size !== tags.length)
      throw new AwsError('InvalidRequest', 'Duplicate Tag Keys are not allowed.');
    const prefix = child(and, 'Prefix')?.text;
    return { And: { ...(prefix !== undefined ? { Prefix: prefix } : {}), Tags: tags, ...sizes(and) } };
  }
  const prefix = child(element, 'Prefix')?.text;
  const single = child(element, 'Tag');
  return {
    ...(prefix !== undefined ? { Prefix: prefix } : {}),
    ...(single ? { Tag: tag(single) } : {}),
    ...sizes(element),
  };
}

function expiration(element: XmlElement): NonNullable<LifecycleRule['Expiration']> {
  members(element, ['Days', 'Date', 'ExpiredObjectDeleteMarker']);
  if (element.children.length !== 1) throw malformed();
  const days = integer(element, 'Days');
  if (days !== undefined && days <= 0)
    throw invalid("'Days' for Expiration action must be a positive integer");
  const marker = child(element, 'ExpiredObjectDeleteMarker')?.text;
  if (marker !== undefined && marker !== 'true' && marker !== 'false') throw malformed();
  const on = date(element);
  return {
    ...(days !== undefined ? { Days: days } : {}),
    ...(on ? { Date: on } : {}),
    ...(marker !== undefined ? { ExpiredObjectDeleteMarker: marker === 'true' } : {}),
  };
}

function transition(element: XmlElement): LifecycleTransition {
  members(element, ['Days', 'Date', 'StorageClass']);
  const days = integer(element, 'Days');
  const on = date(element);
  if ((days === undefined) === (on === undefined)) throw malformed();
  const StorageClass = storageClass(element);
  if (days !== undefined && days < 0) throw invalid("'Days' in Transition action must be nonnegative");
  if (days !== undefined && days < 30 && THIRTY_DAY_CLASSES.has(StorageClass))
    throw invalid(
      `'Days' in Transition action for StorageClass ${StorageClass} must be greater than or equal to 30`,
    );
  return { ...(days !== undefined ? { Days: days } : {}), ...(on ? { Date: on } : {}), StorageClass };
}

function newerVersions(element: XmlElement, action: string): { NewerNoncurrentVersions?: number } {
  const count = integer(element, 'NewerNoncurrentVersions');
  if (count === undefined) return {};
  if (count <= 0 || count > 100)
    throw invalid(`'NewerNoncurrentVersions' in ${action} action must be between 1 and 100`);
  return { NewerNoncurrentVersions: count };
}

function noncurrentTransition(element: XmlElement): LifecycleRule['NoncurrentVersionTransitions'][number] {
  members(element, ['NoncurrentDays', 'StorageClass', 'NewerNoncurrentVersions']);
  const days = integer(element, 'NoncurrentDays');
  if (days === undefined) throw malformed();
  const StorageClass = storageClass(element);
  if (days < 0) throw invalid("'NoncurrentDays' in NoncurrentVersionTransition action must be nonnegative");
  if (days < 30 && THIRTY_DAY_CLASSES.has(StorageClass))
    throw invalid(
      `'NoncurrentDays' in NoncurrentVersionTransition action for StorageClass ${StorageClass} must be greater than or equal to 30`,
    );
  return { NoncurrentDays: days, StorageClass, ...newerVersions(element, 'NoncurrentVersionTransition') };
}

function noncurrentExpiration(
  element: XmlElement,
): NonNullable<LifecycleRule['NoncurrentVersionExpiration']> {
  members(element, ['NoncurrentDays', 'NewerNoncurrentVersions']);
  const days = integer(element, 'NoncurrentDays');
  if (days === undefined) throw malformed();
  if (days <= 0)
    throw invalid("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
  return { NoncurrentDays: days, ...newerVersions(element, 'NoncurrentVersionExpiration') };
}

function abortUploads(element: XmlElement): NonNullable<LifecycleRule['AbortIncompleteMultipartUpload']> {
  members(element, ['DaysAfterInitiation']);
  const days = integer(element, 'DaysAfterInitiation');
  if (days === undefined) throw malformed();
  if (days <= 0)
    throw invalid(
      "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
    );
  return { DaysAfterInitiation: days };
}

// Rules --------------------------------------------------------------------------------------------

const RULE_MEMBERS = [
  'ID',
  'Prefix',
  'Filter',
  'Status',
  'Expiration',
  'Transition',
  'NoncurrentVersionTransition',
  'NoncurrentVersionExpiration',
  'AbortIncompleteMultipartUpload',
];

const hasTags = (f: LifecycleFilter | undefined) => Boolean(f?.Tag || f?.And?.Tags.length);

/** One `<Rule>`: a status, a filter (or the legacy top-level prefix, not both), and at least one action. */
function rule(element: XmlElement): LifecycleRule {
  members(element, RULE_MEMBERS, ['Transition', 'NoncurrentVersionTransition']);
  const status = child(element, 'Status')?.text;
  if (status !== 'Enabled' && status !== 'Disabled') throw malformed();
  const id = child(element, 'ID')?.text;
  if (id !== undefined && id.length > MAX_ID_LENGTH)
    throw invalid(`ID length should not exceed allowed limit of ${MAX_ID_LENGTH}`);
  const filterElement = child(element, 'Filter');
  const prefix = child(element, 'Prefix')?.text;
  if (Boolean(filterElement) === (prefix !== undefined)) throw malformed();
  const parts = {
    Filter: filterElement ? filter(filterElement) : undefined,
    Expiration: child(element, 'Expiration'),
    NoncurrentVersionExpiration: child(element, 'NoncurrentVersionExpiration'),
    AbortIncompleteMultipartUpload: child(element, 'AbortIncompleteMultipartUpload'),
    Transitions: childrenNamed(element, 'Transition').map(transition),
    NoncurrentVersionTransitions: childrenNamed(element, 'NoncurrentVersionTransition').map(
      noncurrentTransition,
    ),
  };
  const actions =
    [parts.Expiration, parts.NoncurrentVersionExpiration, parts.AbortIncompleteMultipartUpload].filter(
      Boolean,
    ).length +
    parts.Transitions.length +
    parts.NoncurrentVersionTransitions.length;
  if (actions === 0)
    throw new AwsError('InvalidRequest', 'At least one action needs to be specified in a rule');
  if (parts.AbortIncompleteMultipartUpload && hasTags(parts.Filter))
    throw new AwsError('InvalidRequest', 'AbortIncompleteMultipartUpload cannot be specified with Tags.');
  return {
    // S3 names a rule sent without an ID itself.
    ID: id ?? Buffer.from(randomUUID()).toString('base64'),
    Status: status,
    ...(prefix !== undefined ? { Prefix: prefix } : {}),
    ...(parts.Filter ? { Filter: parts.Filter } : {}),
    ...(parts.Expiration ? { Expiration: expiration(parts.Expiration) } : {}),
    Transitions: parts.Transitions,
    NoncurrentVersionTransitions: parts.NoncurrentVersionTransitions,
    ...(parts.NoncurrentVersionExpiration
      ? { NoncurrentVersionExpiration: noncurrentExpiration(parts.NoncurrentVersionExpiration) }
      : {}),
    ...(parts.AbortIncompleteMultipartUpload
      ? { AbortIncompleteMultipartUpload: abortUploads(parts.AbortIncompleteMultipartUpload) }
      : {}),
  };
}

/** A `<LifecycleConfiguration>` body: 1–1,000 rules with distinct IDs. */
export function readLifecycleConfiguration(text: string): LifecycleRule[] {
  const root = parseXml(text);
  if (!root || root.name !== 'LifecycleConfiguration') throw malformed();
  members(root, ['Rule'], ['Rule']);
  const elements = childrenNamed(root, 'Rule');
  if (elements.length === 0 || elements.length > MAX_LIFECYCLE_RULES) throw malformed();
  const rules = elements.map(rule);
  if (new Set(rules.map((r) => r.ID)).size !== rules.length)
    throw invalid('Rule ID must be unique. Found same ID for more than one rule');
  return rules;
}

// Answers ------------------------------------------------------------------------------------------

const when = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

function filterToWire(f: LifecycleFilter): Record<string, unknown> {
  if (f.And)
    return {
      And: {
        Prefix: f.And.Prefix,
        Tag: xmlList('Tag', f.And.Tags, true),
        ObjectSizeGreaterThan: f.And.ObjectSizeGreaterThan,
        ObjectSizeLessThan: f.And.ObjectSizeLessThan,
      },
    };
  return { ...f };
}

function ruleToWire(r: LifecycleRule): Record<string, unknown> {
  return {
    ID: r.ID,
    Filter: r.Filter ? filterToWire(r.Filter) : undefined,
    Prefix: r.Prefix,
    Status: r.Status,
    Transition: xmlList(
      'Transition',
      r.Transitions.map((t) => ({ ...t, Date: when(t.Date) })),
      true,
    ),
    NoncurrentVersionTransition: xmlList('NoncurrentVersionTransition', r.NoncurrentVersionTransitions, true),
    Expiration: r.Expiration ? { ...r.Expiration, Date: when(r.Expiration.Date) } : undefined,
    NoncurrentVersionExpiration: r.NoncurrentVersionExpiration,
    AbortIncompleteMultipartUpload: r.AbortIncompleteMultipartUpload,
  };
}

function minimumSize(input: Input): string {
  const sent = header(input, MINIMUM_SIZE_HEADER);
  if (sent === undefined) return DEFAULT_MINIMUM_SIZE;
  if (!MINIMUM_SIZES.includes(sent))
    throw invalid(`Invalid value for header ${MINIMUM_SIZE_HEADER}: ${sent}`);
  return sent;
}

export const lifecycleOperations: Record<string, Handler> = {
  PutBucketLifecycleConfiguration: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    requireIntegrity(input);
    const payload = payloadOf(input);
    verifyIntegrity(input, payload);
    const rules = readLifecycleConfiguration(payload.data.toString('utf8'));
    const size = minimumSize(input);
    bucket.lifecycle = { rules, transitionDefaultMinimumObjectSize: size };
    return { $status: 200, $headers: { [MINIMUM_SIZE_HEADER]: size } };
  },
  GetBucketLifecycleConfiguration: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (!bucket.lifecycle)
      throw new AwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', {
        status: 404,
        extras: { BucketName: bucket.name },
      });
    return {
      ...xml('LifecycleConfiguration', {
        Rule: xmlList('Rule', bucket.lifecycle.rules.map(ruleToWire), true),
      }),
      $headers: { [MINIMUM_SIZE_HEADER]: bucket.lifecycle.transitionDefaultMinimumObjectSize },
    };
  },
  DeleteBucketLifecycle: (ctx, input) => {
    delete bucketFor(ctx, input).lifecycle;
    return empty(204);
  },
};

export const lifecycleRoutes: readonly RestRoute[] = [
  { method: 'GET', path: '/{Bucket}?lifecycle', operation: 'GetBucketLifecycleConfiguration' },
  { method: 'PUT', path: '/{Bucket}?lifecycle', operation: 'PutBucketLifecycleConfiguration' },
  { method: 'DELETE', path: '/{Bucket}?lifecycle', operation: 'DeleteBucketLifecycle' },
];
