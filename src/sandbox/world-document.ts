/**
 * World documents: a JSON description of an estate that `POST /_sandbox/world` and `--seed FILE` merge
 * into the current state. The format is documented in `docs/sandbox.md`.
 *
 * A document with `"version"` and `"organizations"` at the top is a complete saved state (`GET
 * /_sandbox/world`, `--state` files) and replaces the state instead of merging.
 */
import { z } from 'zod';
import {
  addAccessKey,
  addEnabledMfaDevice,
  addSigningCertificate,
  clearCredentials,
  ROOT,
  userOwner,
} from './services/iam/credentials.js';
import type { Seeder, ServiceDefinition } from './service.js';
import { isSnapshotDocument, worldFromSnapshot } from './snapshot-load.js';
import { allServices } from './services/index.js';
import { ensureAccount, prototypeKeyPaths, WORLD_VERSION, type World } from './world.js';

const DAY_MS = 86_400_000;

const accessKeySpec = z.object({
  ageDays: z.number().nonnegative().default(30),
  lastUsedDaysAgo: z.number().nonnegative().optional(),
  lastUsedService: z.string().default('s3'),
  active: z.boolean().default(true),
});

/** A count of fresh keys, or each key described. */
const accessKeys = z.union([z.number().int().nonnegative(), z.array(accessKeySpec)]);
const mfa = z.union([z.literal('virtual'), z.literal('hardware'), z.literal(false)]);

const credentialsSpec = z
  .object({
    password: z.boolean().default(false),
    passwordLastUsedDaysAgo: z.number().nonnegative().optional(),
    accessKeys: accessKeys.default(0),
    signingCertificates: z.number().int().nonnegative().default(0),
    mfa: mfa.default(false),
  })
  .strict();

const iamUserSpec = credentialsSpec
  .extend({ path: z.string().default('/'), groups: z.array(z.string()).default([]) })
  .strict();

const baseAccountSpec = z.object({
  name: z.string().min(1).max(50).optional(),
  email: z.string().min(6).max(64).optional(),
  supportPlan: z.enum(['BASIC', 'DEVELOPER', 'BUSINESS', 'ENTERPRISE_ON_RAMP', 'ENTERPRISE']).optional(),
  /** Replaces the account's enabled regions (opt-in regions included). */
  enabledRegions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name such as eu-west-1'))
    .optional(),
  rootCredentials: credentialsSpec.optional(),
  iamUsers: z.record(z.string().min(1).max(64), iamUserSpec).optional(),
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

export const worldDocumentSchema = worldDocumentSchemaFor(allServices);

export type WorldDocument = z.input<typeof worldDocumentSchema>;

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

const PROTO_ONLY: ReadonlySet<string> = new Set(['__proto__']);

/**
 * Refuses a document holding keys that lead into JavaScript's object internals, naming where. A world
 * document is merged key by key into the state, so `constructor` and `prototype` are refused too (an
 * IAM user or a tag cannot be named so in a world document). A saved state or a snapshot is installed
 * as parsed, so only `__proto__` is refused there: the sandbox never writes one (the IAM API does
 * accept a user named `constructor`, which a state file must keep).
 */
function refusePrototypeKeys(doc: unknown, keys?: ReadonlySet<string>): void {
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

/** Merges a world document into `world`; returns the ids of the accounts it touched. */
export function applyWorldDocument(
  world: World,
  raw: unknown,
  now: Date,
  services: readonly ServiceDefinition[] = allServices,
): string[] {
  refusePrototypeKeys(raw);
  const schema = services === allServices ? worldDocumentSchema : worldDocumentSchemaFor(services);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new WorldDocumentError(parsed.error.issues.map(formatIssue));
  const doc = asParsedDocument(parsed.data);
  if (doc.defaultAccountId) world.defaultAccountId = doc.defaultAccountId;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const touched: string[] = [];
  for (const [id, spec] of Object.entries(doc.accounts)) {
    const account = ensureAccount(world, id, now);
    touched.push(id);
    if (spec.name) account.name = spec.name;
    if (spec.email) account.email = spec.email;
    if (spec.supportPlan) account.supportPlan = spec.supportPlan;
    if (spec.enabledRegions) account.enabledRegions = [...spec.enabledRegions];

    const credentialTargets: Array<[ReturnType<typeof userOwner>, z.infer<typeof credentialsSpec>]> = [];
    if (spec.rootCredentials) credentialTargets.push([ROOT, spec.rootCredentials]);
    for (const [userName, userSpec] of Object.entries(spec.iamUsers ?? {})) {
      if (!Object.hasOwn(account.iam.users, userName)) {
        account.iam.users[userName] = {
          userName,
          userId: `AIDA${id.slice(0, 4)}${Buffer.from(userName).toString('hex').toUpperCase().slice(0, 12).padEnd(12, '0')}`,
          path: userSpec.path,
          createDate: ago(400),
          tags: [],
          accessKeys: [],
          signingCertificates: [],
          mfaSerials: [],
          groups: [],
          attachedPolicies: [],
          inlinePolicies: {},
        };
      }
      credentialTargets.push([userOwner(userName), userSpec]);
    }

    for (const [owner, creds] of credentialTargets) {
      clearCredentials(world, account, owner);
      const state = owner.root ? account.iam.root : account.iam.users[owner.userName]!;
      if (creds.password) {
        state.loginProfile = {
          createDate: ago(365),
          passwordResetRequired: false,
          ...(creds.passwordLastUsedDaysAgo !== undefined
            ? { passwordLastUsed: ago(creds.passwordLastUsedDaysAgo) }
            : {}),
        };
      }
      const keys =
        typeof creds.accessKeys === 'number'
          ? Array.from({ length: creds.accessKeys }, () => accessKeySpec.parse({}))
          : creds.accessKeys;
      for (const key of keys) {
        addAccessKey(world, account, owner, {
          createDate: ago(key.ageDays),
          status: key.active ? 'Active' : 'Inactive',
          ...(key.lastUsedDaysAgo !== undefined
            ? {
                lastUsed: {
                  date: ago(key.lastUsedDaysAgo),
                  serviceName: key.lastUsedService,
                  region: 'us-east-1',
                },
              }
            : {}),
        });
      }
      for (let i = 0; i < creds.signingCertificates; i++)
        addSigningCertificate(world, account, owner, { uploadDate: ago(200) });
      if (creds.mfa) addEnabledMfaDevice(world, account, owner, creds.mfa, ago(300));
    }
    applySeeders(services, { world, account, now }, spec);
  }
  return touched;
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
 * Loads any document the sandbox accepts: a saved state or an orgward snapshot replace the state; a
 * world document merges into `world`. The caller installs a replacement world.
 */
export function loadDocument(world: World, doc: unknown, now: Date): LoadResult {
  if (isSavedState(doc)) return { kind: 'replaced', from: 'saved-state', world: checkSavedState(doc) };
  if (isSnapshotDocument(doc)) {
    refusePrototypeKeys(doc, PROTO_ONLY);
    return { kind: 'replaced', from: 'snapshot', world: worldFromSnapshot(doc, now) };
  }
  return { kind: 'merged', accounts: applyWorldDocument(world, doc, now) };
}
