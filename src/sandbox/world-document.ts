/**
 * World documents: a JSON description of an estate that `POST /_sandbox/world` and `--seed FILE` merge
 * into the current state. The format is documented in `docs/sandbox.md`. The sandbox's own members
 * (name, email, support plan, enabled regions) are built in; every other member is a service's seeder
 * (`seeding` in its definition), so the document schema is composed from the services served.
 *
 * A document with `"version"` and `"organizations"` at the top is a complete saved state (`GET
 * /_sandbox/world`, `--state` files) and replaces the state instead of merging.
 *
 * This module knows no service: the composed sandbox (`seed.ts`) supplies every service and adds
 * orgward snapshots to the documents it reads.
 */
import { z } from 'zod';
import type { Seeder, ServiceDefinition } from './service.js';
import { ensureAccount, prototypeKeyPaths, WORLD_VERSION, type World } from './world.js';

const baseAccountSpec = z.object({
  name: z.string().min(1).max(50).optional(),
  email: z.string().min(6).max(64).optional(),
  supportPlan: z.enum(['BASIC', 'DEVELOPER', 'BUSINESS', 'ENTERPRISE_ON_RAMP', 'ENTERPRISE']).optional(),
  /** The account has a payment method, verified phone and accepted agreement (may leave its organization). */
  standaloneReady: z.boolean().optional(),
  /** Replaces the account's enabled regions (opt-in regions included). */
  enabledRegions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name such as eu-west-1'))
    .optional(),
});

function seederShape(seeders: Seeder[]): Record<string, z.ZodType> {
  return Object.fromEntries(seeders.map((seeder) => [seeder.key, seeder.schema.optional()]));
}

/** The world document schema: the built-in members plus every service's seeders. */
export function worldDocumentSchemaFor(services: readonly ServiceDefinition[]) {
  const accountSeeders = services.flatMap((s) => s.seeding?.account ?? []);
  const regionalSeeders = services.flatMap((s) => s.seeding?.regional ?? []);
  const regionSpec = z.object(seederShape(regionalSeeders)).strict();
  const accountSpec = baseAccountSpec
    .extend(seederShape(accountSeeders))
    .extend({
      regions: z
        .record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name such as eu-west-1'), regionSpec)
        .optional(),
    })
    .strict();
  return z
    .object({
      defaultAccountId: z
        .string()
        .regex(/^\d{12}$/)
        .optional(),
      accounts: z.record(z.string().regex(/^\d{12}$/, 'account ids are 12 digits'), accountSpec).default({}),
    })
    .strict();
}

export class WorldDocumentError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid world document:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'WorldDocumentError';
  }
}

export function isSavedState(doc: unknown): doc is World {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    'version' in doc &&
    'organizations' in doc &&
    'credentials' in doc
  );
}

/** Only `__proto__`: what a saved state or a snapshot may not hold (see {@link refusePrototypeKeys}). */
export const PROTO_ONLY: ReadonlySet<string> = new Set(['__proto__']);

/**
 * Refuses a document holding keys that lead into JavaScript's object internals, naming where. A world
 * document is merged key by key into the state, so `constructor` and `prototype` are refused too (an
 * IAM user or a tag cannot be named so in a world document). A saved state or a snapshot is installed
 * as parsed, so only `__proto__` is refused there: the sandbox never writes one (the IAM API does
 * accept a user named `constructor`, which a state file must keep).
 */
export function refusePrototypeKeys(doc: unknown, keys?: ReadonlySet<string>): void {
  const paths = prototypeKeyPaths(doc, keys);
  if (paths.length > 0) {
    throw new WorldDocumentError(
      paths.map((path) => `${path}: the key ${JSON.stringify(path.split('.').pop())} is not accepted`),
    );
  }
}

/** Validates a saved state enough to refuse a file from another format or version. */
export function checkSavedState(doc: World): World {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new WorldDocumentError(['(document): a saved state is a JSON object']);
  const version: unknown = doc.version;
  if (version !== WORLD_VERSION) {
    throw new WorldDocumentError([
      `state version ${String(version)} is not supported (expected ${WORLD_VERSION})`,
    ]);
  }
  refusePrototypeKeys(doc, PROTO_ONLY);
  return doc;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.') || '(document)';
  const nested =
    'issues' in issue && Array.isArray(issue.issues)
      ? issue.issues.map((n: z.core.$ZodIssue) => n.message)
      : [];
  return `${where}: ${[issue.message, ...nested].join(': ')}`;
}

type ParsedDocument = {
  defaultAccountId?: string;
  accounts: Record<string, z.infer<typeof baseAccountSpec> & Record<string, unknown>>;
};

/** The schema is composed at run time; its built-in members are read with their static type. */
function asParsedDocument(data: unknown): ParsedDocument {
  return data as ParsedDocument;
}

/**
 * Merges a world document into `world`, with the members of `services`; returns the ids of the accounts
 * it touched.
 */
export function applyWorldDocumentWith(
  world: World,
  raw: unknown,
  now: Date,
  services: readonly ServiceDefinition[],
): string[] {
  refusePrototypeKeys(raw);
  const parsed = schemaFor(services).safeParse(raw);
  if (!parsed.success) throw new WorldDocumentError(parsed.error.issues.map(formatIssue));
  const doc = asParsedDocument(parsed.data);
  if (doc.defaultAccountId) world.defaultAccountId = doc.defaultAccountId;
  const touched: string[] = [];
  for (const [id, spec] of Object.entries(doc.accounts)) {
    const account = ensureAccount(world, id, now);
    touched.push(id);
    if (spec.name) account.name = spec.name;
    if (spec.email) account.email = spec.email;
    if (spec.supportPlan) account.supportPlan = spec.supportPlan;
    if (spec.standaloneReady !== undefined) account.standaloneReady = spec.standaloneReady;
    if (spec.enabledRegions) account.enabledRegions = [...spec.enabledRegions];
    applySeeders(services, { world, account, now }, spec);
  }
  return touched;
}

/** The schema of each service list seen, composed once (a sandbox keeps its list for its lifetime). */
const schemas = new WeakMap<readonly ServiceDefinition[], ReturnType<typeof worldDocumentSchemaFor>>();

function schemaFor(services: readonly ServiceDefinition[]) {
  let schema = schemas.get(services);
  if (!schema) {
    schema = worldDocumentSchemaFor(services);
    schemas.set(services, schema);
  }
  return schema;
}

function applySeeders(
  services: readonly ServiceDefinition[],
  ctx: { world: World; account: World['accounts'][string]; now: Date },
  spec: Record<string, unknown>,
): void {
  for (const service of services) {
    for (const seeder of service.seeding?.account ?? []) {
      if (spec[seeder.key] !== undefined) seeder.apply(ctx, spec[seeder.key]);
    }
  }
  const regions = (spec.regions ?? {}) as Record<string, Record<string, unknown>>;
  for (const [region, regionSpec] of Object.entries(regions)) {
    for (const service of services) {
      for (const seeder of service.seeding?.regional ?? []) {
        if (regionSpec[seeder.key] !== undefined) seeder.apply({ ...ctx, region }, regionSpec[seeder.key]);
      }
    }
  }
}

/** What loading a document did: merged a world document, or replaced the state. */
export type LoadResult =
  | { kind: 'merged'; accounts: string[] }
  | { kind: 'replaced'; from: 'saved-state' | 'snapshot'; world: World };

/**
 * Loads a saved state (which replaces the state; the caller installs it) or merges a world document
 * into `world`, with the members of `services`.
 */
export function loadWorldDocument(
  world: World,
  doc: unknown,
  now: Date,
  services: readonly ServiceDefinition[],
): LoadResult {
  if (isSavedState(doc)) return { kind: 'replaced', from: 'saved-state', world: checkSavedState(doc) };
  return { kind: 'merged', accounts: applyWorldDocumentWith(world, doc, now, services) };
}
