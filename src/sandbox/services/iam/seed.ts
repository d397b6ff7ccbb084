/**
 * The account-level `rootCredentials` and `iamUsers` members of world documents: the root user's
 * credentials, and IAM users with theirs, described by age rather than created call by call.
 *
 * ```json
 * "222222222222": {
 *   "rootCredentials": { "password": true, "accessKeys": 1, "mfa": false },
 *   "iamUsers": { "alice": { "password": true, "passwordLastUsedDaysAgo": 3, "mfa": "virtual",
 *                            "accessKeys": [{ "ageDays": 400, "lastUsedDaysAgo": 200 }] } }
 * }
 * ```
 *
 * Seeding an owner's credentials replaces the ones it had. A user the document names is created when
 * absent (path `/` unless given). A user may also carry `sshPublicKeys` (a count), `serviceSpecificCredentials`
 * (service names), `inlinePolicies` (name → document), `managedPolicies` (ARNs of AWS-managed policies of
 * the catalogue or customer policies already in the account), `permissionsBoundary` (an ARN),
 * `servicesLastAccessed` (namespace → days ago), `tags` and `groups` (created with path `/` when absent);
 * each replaces what the user had when given. Unknown policy ARNs make the document invalid.
 */
import { z } from 'zod';
import type { SeedContext, Seeder } from '../../service.js';
import { WorldDocumentError } from '../../world-document.js';
import type { AccountRecord } from '../../world.js';
import { ATTACHED_POLICIES_PER_ENTITY } from './attachments.js';
import {
  addAccessKey,
  addEnabledMfaDevice,
  addServiceSpecificCredential,
  addSigningCertificate,
  addSshPublicKey,
  clearCredentials,
  ROOT,
  SERVICE_CREDENTIAL_SERVICES,
  syntheticSshKey,
  userOwner,
  type CredentialOwner,
} from './credentials.js';
import { GROUPS_PER_USER } from './groups.js';
import { findPolicy } from './policies.js';
import { SERVICE_CREDENTIALS_PER_SERVICE } from './service-credentials.js';
import { SSH_KEYS_PER_USER } from './ssh-keys.js';
import { iamOf, type UserState } from './state.js';

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

const NAME = /^[\w+=,.@-]+$/;
const serviceName = z.string().refine((name) => Object.hasOwn(SERVICE_CREDENTIAL_SERVICES, name), {
  message: `must be one of ${Object.keys(SERVICE_CREDENTIAL_SERVICES).join(', ')}`,
});

const iamUserSpec = credentialsSpec
  .extend({
    path: z.string().default('/'),
    groups: z.array(z.string().min(1).max(128).regex(NAME)).max(GROUPS_PER_USER).optional(),
    sshPublicKeys: z.number().int().nonnegative().max(SSH_KEYS_PER_USER).default(0),
    serviceSpecificCredentials: z
      .array(serviceName)
      .refine(
        (names) => names.every((n) => names.filter((m) => m === n).length <= SERVICE_CREDENTIALS_PER_SERVICE),
        { message: `at most ${SERVICE_CREDENTIALS_PER_SERVICE} credentials per service` },
      )
      .default([]),
    inlinePolicies: z
      .record(z.string().min(1).max(128).regex(NAME), z.record(z.string(), z.unknown()))
      .optional(),
    managedPolicies: z.array(z.string().min(20).max(2048)).max(ATTACHED_POLICIES_PER_ENTITY).optional(),
    permissionsBoundary: z.string().min(20).max(2048).optional(),
    servicesLastAccessed: z.record(z.string().regex(/^[\w-]+$/), z.number().nonnegative()).optional(),
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  })
  .strict();

const iamUsersSpec = z.record(z.string().min(1).max(64), iamUserSpec);

type Credentials = z.infer<typeof credentialsSpec>;

/** Replaces the owner's credentials with the ones the document describes. */
function seedCredentials(ctx: SeedContext, owner: CredentialOwner, creds: Credentials): void {
  const { world, account, now } = ctx;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  clearCredentials(world, account, owner);
  const iam = iamOf(account);
  const state = owner.root ? iam.root : iam.users[owner.userName]!;
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

export const rootCredentialsSeeder: Seeder<Credentials> = {
  key: 'rootCredentials',
  schema: credentialsSpec,
  apply(ctx, spec) {
    seedCredentials(ctx, ROOT, spec);
  },
};

type IamUserSpec = z.infer<typeof iamUserSpec>;

/** Policy ARNs the documents name must exist (AWS-managed of the catalogue, or the account's own) and be attachable. */
function checkPolicyReferences(account: AccountRecord, spec: Record<string, IamUserSpec>): void {
  const issues: string[] = [];
  for (const [userName, userSpec] of Object.entries(spec)) {
    const arns = [
      ...(userSpec.managedPolicies ?? []).map((arn) => ['managedPolicies', arn] as const),
      ...(userSpec.permissionsBoundary
        ? [['permissionsBoundary', userSpec.permissionsBoundary] as const]
        : []),
    ];
    for (const [member, arn] of arns) {
      const policy = findPolicy(account, arn);
      if (!policy || !policy.attachable)
        issues.push(
          `accounts.${account.id}.iamUsers.${userName}.${member}: policy ${arn} does not exist or is not attachable`,
        );
    }
  }
  if (issues.length > 0) throw new WorldDocumentError(issues);
}

/** Policies, boundary, tags, groups and service use: each replaces the user's when the document gives it. */
function seedUserDetails(ctx: SeedContext, user: UserState, spec: IamUserSpec): void {
  const { account, now } = ctx;
  const iam = iamOf(account);
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  if (spec.inlinePolicies)
    user.inlinePolicies = Object.fromEntries(
      Object.entries(spec.inlinePolicies).map(([name, doc]) => [name, JSON.stringify(doc)]),
    );
  if (spec.managedPolicies) user.attachedPolicies = [...new Set(spec.managedPolicies)];
  if (spec.permissionsBoundary) user.permissionsBoundary = spec.permissionsBoundary;
  if (spec.tags) user.tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
  if (spec.servicesLastAccessed)
    user.servicesLastAccessed = Object.fromEntries(
      Object.entries(spec.servicesLastAccessed).map(([ns, days]) => [
        ns,
        { date: ago(days), region: 'us-east-1' },
      ]),
    );
  if (spec.groups) {
    for (const groupName of spec.groups) {
      if (Object.hasOwn(iam.groups, groupName)) continue;
      iam.groups[groupName] = {
        groupName,
        groupId: `AGPA${account.id.slice(0, 4)}${Buffer.from(groupName).toString('hex').toUpperCase().slice(0, 13).padEnd(13, '0')}`,
        path: '/',
        createDate: ago(400),
        attachedPolicies: [],
        inlinePolicies: {},
      };
    }
    user.groups = [...new Set(spec.groups)];
  }
}

export const iamUsersSeeder: Seeder<Record<string, IamUserSpec>> = {
  key: 'iamUsers',
  schema: iamUsersSpec,
  apply(ctx, spec) {
    const { world, account, now } = ctx;
    const iam = iamOf(account);
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
    checkPolicyReferences(account, spec);
    // Every user first, then their credentials (as the document lists them).
    for (const [userName, userSpec] of Object.entries(spec)) {
      if (Object.hasOwn(iam.users, userName)) continue;
      iam.users[userName] = {
        userName,
        userId: `AIDA${account.id.slice(0, 4)}${Buffer.from(userName).toString('hex').toUpperCase().slice(0, 12).padEnd(12, '0')}`,
        path: userSpec.path,
        createDate: ago(400),
        tags: [],
        accessKeys: [],
        signingCertificates: [],
        mfaSerials: [],
        groups: [],
        attachedPolicies: [],
        inlinePolicies: {},
        sshPublicKeys: [],
        serviceSpecificCredentials: [],
      };
    }
    for (const [userName, userSpec] of Object.entries(spec)) {
      seedCredentials(ctx, userOwner(userName), userSpec);
      const user = iam.users[userName]!;
      for (let i = 0; i < userSpec.sshPublicKeys; i++)
        addSshPublicKey(world, user, {
          uploadDate: ago(200),
          ...syntheticSshKey(world, `${userName}-${i + 1}`),
        });
      for (const serviceName of userSpec.serviceSpecificCredentials)
        addServiceSpecificCredential(world, account, user, { serviceName, createDate: ago(100) });
      seedUserDetails(ctx, user, userSpec);
    }
  },
};
