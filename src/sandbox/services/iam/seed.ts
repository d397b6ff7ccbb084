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
 * absent (path `/` unless given).
 */
import { z } from 'zod';
import type { SeedContext, Seeder } from '../../service.js';
import {
  addAccessKey,
  addEnabledMfaDevice,
  addSigningCertificate,
  clearCredentials,
  ROOT,
  userOwner,
  type CredentialOwner,
} from './credentials.js';
import { iamOf } from './state.js';

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

export const iamUsersSeeder: Seeder<z.infer<typeof iamUsersSpec>> = {
  key: 'iamUsers',
  schema: iamUsersSpec,
  apply(ctx, spec) {
    const { account, now } = ctx;
    const iam = iamOf(account);
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
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
      };
    }
    for (const [userName, userSpec] of Object.entries(spec))
      seedCredentials(ctx, userOwner(userName), userSpec);
  },
};
