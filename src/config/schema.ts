/**
 * The shape of `org.yaml`. Every object is strict (an unknown key is an error, so a typo never passes
 * silently). Cross-references (accounts in OUs, attach targets, assignment principals) are checked by
 * the rules, which know the whole file.
 */
import { z } from 'zod';
import { policyTypeSchema } from '../model/snapshot.js';
import { baselineSchema } from './baseline-schema.js';

const tags = z.record(z.string().min(1).max(128), z.string().max(256));

/** An inline policy document, or `{ file: path }` relative to the config file. */
export const documentSchema = z.union([
  z.object({ file: z.string().min(1) }).strict(),
  z.record(z.string(), z.unknown()),
]);

export const accountSchema = z
  .object({
    email: z.string().min(6).max(64),
    /** The account id; accounts are matched by id when given, else by email, else created. */
    id: z
      .string()
      .regex(/^\d{12}$/, 'an account id is 12 digits (quote it in YAML so leading zeros survive)')
      .optional(),
    tags: tags.optional(),
    /** Close the account (needs this explicit flag; closing is shown in the plan and confirmed). */
    close: z.boolean().optional(),
  })
  .strict();

export interface OuConfig {
  accounts?: string[] | undefined;
  ous?: Record<string, OuConfig> | undefined;
  tags?: Record<string, string> | undefined;
}

export const ouSchema: z.ZodType<OuConfig> = z.lazy(() =>
  z
    .object({
      accounts: z.array(z.string().min(1)).optional(),
      ous: z.record(z.string().min(1).max(128), ouSchema).optional(),
      tags: tags.optional(),
    })
    .strict(),
);

/** `root`, `ou:<path>` or `account:<name>`. */
export const targetSchema = z
  .string()
  .regex(
    /^(root|ou:.+|account:.+)$/,
    "a target is 'root', 'ou:<path>' (e.g. ou:Workloads/Prod) or 'account:<name>'",
  );

export const policySchema = z
  .object({
    type: policyTypeSchema,
    description: z.string().max(512).optional(),
    document: documentSchema.optional(),
    file: z.string().min(1).optional(),
    attach: z.array(targetSchema).optional(),
    tags: tags.optional(),
  })
  .strict();

const customerManagedPolicySchema = z
  .object({ name: z.string().min(1).max(128), path: z.string().default('/') })
  .strict();

export const permissionSetSchema = z
  .object({
    description: z.string().max(700).optional(),
    /** ISO-8601 duration from PT1H to PT12H. */
    sessionDuration: z
      .string()
      .regex(/^PT(\d+H)?(\d+M)?$/, 'an ISO-8601 duration such as PT4H or PT90M')
      .optional(),
    relayState: z.string().max(240).optional(),
    managedPolicies: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::aws:policy\/.+/, 'an AWS-managed policy ARN'))
      .optional(),
    inlinePolicy: documentSchema.optional(),
    customerManagedPolicies: z.array(customerManagedPolicySchema).optional(),
    permissionsBoundary: z
      .union([
        z.object({ managedPolicy: z.string() }).strict(),
        z.object({ customerManagedPolicy: customerManagedPolicySchema }).strict(),
      ])
      .optional(),
    tags: tags.optional(),
  })
  .strict();

/** Where a customer-managed policy's document comes from: inline, or `file:` relative to org.yaml. */
const documentSourceSchema = z
  .object({ document: documentSchema.optional(), file: z.string().min(1).optional() })
  .strict();

/**
 * An IAM policy orgward keeps in every account where a permission set that references it (by name
 * and path) is assigned, so the assignment can create its role. Without a document, accounts get a
 * policy that grants nothing; `accounts` gives single accounts their own document (the one extra
 * permission in one account).
 */
export const accountPolicySchema = z
  .object({
    path: z.string().default('/'),
    description: z.string().max(1000).optional(),
    document: documentSchema.optional(),
    file: z.string().min(1).optional(),
    accounts: z.record(z.string().min(1), documentSourceSchema).optional(),
  })
  .strict();

export const assignmentSchema = z
  .object({
    group: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    permissionSet: z.string().min(1),
    targets: z.array(targetSchema).min(1),
    /** A user assignment with an end: removed by the first apply after this time. */
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Who provisions Identity Center's users and groups. */
export const identitySources = ['identityCenter', 'external'] as const;
/** Who manages one user or group: orgward (from this file) or the external identity provider. */
export const identityManagers = ['orgward', 'external'] as const;

/** One alert of a budget: at a share of its amount, spent or forecast, to e-mail addresses (and a topic). */
export const budgetAlertSchema = z
  .object({
    /** Percent of the budget's amount (100 = the whole amount). */
    at: z.number().gt(0).max(1000),
    /** `actual` (spend so far, the default) or `forecasted` (what the month is forecast to cost). */
    when: z.enum(['actual', 'forecasted']).default('actual'),
    emails: z
      .array(z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address such as finops@example.com'))
      .max(10)
      .default([]),
    snsTopic: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'an SNS topic ARN')
      .optional(),
  })
  .strict();

/** A monthly cost budget on an account, an OU (every account below it) or the whole organization. */
export const budgetSchema = z
  .object({
    /** `root`, `ou:<path>` or `account:<name>`. */
    target: targetSchema,
    /** US dollars per month. */
    amount: z.number().positive().max(1e12).multipleOf(0.01, 'an amount in dollars and cents'),
    alerts: z.array(budgetAlertSchema).max(10).optional(),
  })
  .strict();

/** AWS Budgets' name rule: 1–100 characters, no ':' or '\\', not containing '/action/'. */
const budgetName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?![^:\\]*\/action\/)[^:\\]+$/, "a budget name: 1–100 characters without ':' or '\\'");

export const pruneScopes = [
  'ous',
  'accounts',
  'policies',
  'permissionSets',
  'assignments',
  'users',
  'groups',
  'baseline',
  'budgets',
] as const;

export const configSchema = z
  .object({
    organization: z
      .object({
        featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']).default('ALL'),
        /** Which of `accounts:` is the management account (it cannot be a delegated administrator). */
        managementAccount: z.string().min(1).optional(),
        policyTypes: z.array(policyTypeSchema).optional(),
        trustedAccess: z
          .array(z.string().regex(/\.amazonaws\.com$/, 'a service principal such as sso.amazonaws.com'))
          .optional(),
        delegatedAdministrators: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
        rootAccess: z
          .object({ credentialsManagement: z.boolean(), rootSessions: z.boolean() })
          .strict()
          .optional(),
      })
      .strict()
      .default({ featureSet: 'ALL' }),
    ous: z.record(z.string().min(1).max(128), ouSchema).optional(),
    accounts: z.record(z.string().min(1).max(50), accountSchema).optional(),
    policies: z.record(z.string().min(1).max(128), policySchema).optional(),
    identityCenter: z
      .object({
        /**
         * Where people come from: `identityCenter` (orgward creates the file's users and groups) or
         * `external` (an identity provider provisions them through SCIM; orgward only references them).
         */
        identitySource: z.enum(identitySources).optional(),
        users: z
          .record(
            z.string().min(1).max(128),
            z
              .object({
                /** Required for a user orgward creates; an externally managed user takes it from its IdP. */
                displayName: z.string().min(1).max(1024).optional(),
                email: z.string().min(3).optional(),
                givenName: z.string().optional(),
                familyName: z.string().optional(),
                managedBy: z.enum(identityManagers).optional(),
              })
              .strict(),
          )
          .optional(),
        groups: z
          .record(
            z.string().min(1).max(1024),
            z
              .object({
                description: z.string().optional(),
                members: z.array(z.string()).optional(),
                managedBy: z.enum(identityManagers).optional(),
              })
              .strict(),
          )
          .optional(),
        permissionSets: z.record(z.string(), permissionSetSchema).optional(),
        customerManagedPolicies: z.record(z.string(), accountPolicySchema).optional(),
        /** The role orgward assumes in member accounts to keep `customerManagedPolicies` there. */
        memberRoleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name: 1–64 letters, digits and +=,.@-_')
          .optional(),
        assignments: z.array(assignmentSchema).optional(),
      })
      .strict()
      .optional(),
    /** The security baseline every account gets (see baseline-schema.ts). */
    baseline: baselineSchema.optional(),
    /** Monthly budgets kept in the management account with AWS Budgets, by name. */
    budgets: z.record(budgetName, budgetSchema).optional(),
    prune: z.array(z.enum(pruneScopes)).optional(),
  })
  .strict();

export type OrgConfig = z.infer<typeof configSchema>;
export type AccountConfig = z.infer<typeof accountSchema>;
export type PolicyConfig = z.infer<typeof policySchema>;
export type PermissionSetConfig = z.infer<typeof permissionSetSchema>;
export type AssignmentConfig = z.infer<typeof assignmentSchema>;
export type AccountPolicyConfig = z.infer<typeof accountPolicySchema>;
export type BudgetConfig = z.infer<typeof budgetSchema>;

/** The published JSON Schema of org.yaml, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return { title: 'orgward org.yaml', ...z.toJSONSchema(configSchema, { io: 'input' }) };
}
