/**
 * OrgSnapshot: the one picture of a live organization. Everything that reads AWS writes into it;
 * everything that judges or plans reads only it. Saved as versioned JSON (docs/snapshot.schema.json is
 * generated from this schema and kept in step by a test).
 *
 * A part that could not be read (access denied, an endpoint without the operation) is `null` and is
 * named in `gaps` with the reason: partial access is recorded, never silently empty.
 */
import { z } from 'zod';

export const SNAPSHOT_VERSION = 1;

const accountId = z.string().regex(/^\d{12}$/);
const isoDate = z.string().describe('ISO-8601 date-time');
const tags = z.record(z.string(), z.string()).describe('tag key → value');

export const policyTypeSchema = z.enum([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'INSPECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
]);
export type PolicyType = z.infer<typeof policyTypeSchema>;

export const gapSchema = z.object({
  /** Which part is missing, as a path into the snapshot: `organization.rootAccess`, `identityCenter`. */
  part: z.string(),
  service: z.string(),
  operation: z.string(),
  /** The AWS error code (`AccessDeniedException`, `UnknownOperationException` ...). */
  code: z.string(),
  reason: z.string(),
});
export type Gap = z.infer<typeof gapSchema>;

export const organizationSchema = z.object({
  id: z.string(),
  arn: z.string(),
  featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']),
  managementAccountId: accountId,
  managementAccountEmail: z.string(),
  /** Policy types enabled on the root. */
  enabledPolicyTypes: z.array(policyTypeSchema),
  trustedAccess: z
    .array(z.object({ servicePrincipal: z.string(), enabledAt: isoDate.nullable() }))
    .nullable(),
  delegatedAdministrators: z
    .array(z.object({ accountId, servicePrincipal: z.string(), since: isoDate.nullable() }))
    .nullable(),
  /** IAM centralized root access (`ListOrganizationsFeatures`); null where it could not be read. */
  rootAccess: z.object({ credentialsManagement: z.boolean(), rootSessions: z.boolean() }).nullable(),
});

export const rootSchema = z.object({ id: z.string(), arn: z.string(), name: z.string(), tags });

export const ouSchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  parentId: z.string(),
  /** Names from the root down: `Workloads/Prod`. */
  path: z.string(),
  tags,
});

export const accountSchema = z.object({
  id: accountId,
  arn: z.string(),
  name: z.string(),
  email: z.string(),
  /** Organizations' `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION). */
  state: z.string(),
  joinedMethod: z.enum(['INVITED', 'CREATED']),
  joinedAt: isoDate,
  parentId: z.string(),
  tags,
});

export const policySchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  type: policyTypeSchema,
  description: z.string(),
  awsManaged: z.boolean(),
  /** The policy document as AWS stores it (whitespace counts toward the size limit). */
  content: z.string(),
  /** Root, OU and account ids the policy is attached to, sorted. */
  targets: z.array(z.string()),
  tags,
});

export const customerManagedPolicyRefSchema = z.object({ name: z.string(), path: z.string() });

export const permissionSetSchema = z.object({
  arn: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  sessionDuration: z.string(),
  relayState: z.string().nullable(),
  inlinePolicy: z.string().nullable(),
  managedPolicies: z.array(z.string()),
  customerManagedPolicies: z.array(customerManagedPolicyRefSchema),
  permissionsBoundary: z
    .object({
      managedPolicyArn: z.string().nullable(),
      customerManagedPolicy: customerManagedPolicyRefSchema.nullable(),
    })
    .nullable(),
  tags,
});

export const userSchema = z.object({
  id: z.string(),
  userName: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  /** True for a user an external identity provider provisioned (it carries `ExternalIds`); absent otherwise. */
  external: z.literal(true).optional(),
});

export const groupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  /** User ids, sorted. */
  members: z.array(z.string()),
  /** True for a group an external identity provider provisioned (it carries `ExternalIds`). */
  external: z.literal(true).optional(),
});

export const assignmentSchema = z.object({
  accountId,
  permissionSetArn: z.string(),
  permissionSetName: z.string(),
  principalType: z.enum(['USER', 'GROUP']),
  principalId: z.string(),
  /** User name or group display name; null where the principal no longer exists in the identity store. */
  principalName: z.string().nullable(),
});

export const provisioningSchema = z.object({
  accountId,
  permissionSetArn: z.string(),
  /** False where the permission set changed since it was last provisioned to the account. */
  current: z.boolean(),
});

export const identityCenterSchema = z.object({
  instanceArn: z.string(),
  identityStoreId: z.string(),
  permissionSets: z.array(permissionSetSchema),
  users: z.array(userSchema),
  groups: z.array(groupSchema),
  assignments: z.array(assignmentSchema),
  provisioning: z.array(provisioningSchema),
});

export const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  takenAt: isoDate,
  /** Who read it, from where. */
  source: z.object({
    callerAccountId: accountId,
    callerArn: z.string(),
    region: z.string(),
    endpoint: z.string().nullable(),
  }),
  organization: organizationSchema,
  root: rootSchema,
  ous: z.array(ouSchema),
  accounts: z.array(accountSchema),
  policies: z.array(policySchema),
  /** Null where Identity Center is not enabled or could not be read (see `gaps`). */
  identityCenter: identityCenterSchema.nullable(),
  gaps: z.array(gapSchema),
});

export type OrgSnapshot = z.infer<typeof snapshotSchema>;
export type SnapshotOrganization = z.infer<typeof organizationSchema>;
export type SnapshotOu = z.infer<typeof ouSchema>;
export type SnapshotAccount = z.infer<typeof accountSchema>;
export type SnapshotPolicy = z.infer<typeof policySchema>;
export type SnapshotPermissionSet = z.infer<typeof permissionSetSchema>;
export type SnapshotUser = z.infer<typeof userSchema>;
export type SnapshotGroup = z.infer<typeof groupSchema>;
export type SnapshotAssignment = z.infer<typeof assignmentSchema>;
export type SnapshotIdentityCenter = z.infer<typeof identityCenterSchema>;

/** The published JSON Schema of the snapshot format. */
export function snapshotJsonSchema(): Record<string, unknown> {
  return { title: 'orgward OrgSnapshot', ...z.toJSONSchema(snapshotSchema) };
}
