/**
 * Audit settings (`audit.yaml`, all optional): who plays which part, the allow-lists the checks compare
 * with, and suppressions. Parsed by the CLI with file:line:col errors (config/source.ts); the shape and
 * defaults live here.
 */
import { z } from 'zod';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'a date such as 2027-01-31')
  .describe('ISO date');

export const suppressionSchema = z
  .object({
    check: z.string().regex(/^[A-Z]+-\d{2}$|^\*$/, 'a check id such as ROOT-05, or *'),
    /** Account id or name. */
    account: z.string().optional(),
    /** OU path (`Workloads/Dev`): every account under it, nested OUs included. */
    ou: z.string().optional(),
    region: z.string().optional(),
    /** Substring of the finding's resource. */
    resource: z.string().optional(),
    reason: z.string().min(3, 'say why the finding is accepted'),
    expires: isoDay,
  })
  .strict();
export type Suppression = z.infer<typeof suppressionSchema>;

export const auditSettingsSchema = z
  .object({
    accounts: z
      .object({
        /** Security tooling (delegated administrator) account: id or name. */
        securityTooling: z.string().optional(),
        logArchive: z.string().optional(),
      })
      .strict()
      .default({}),
    /** Role assumed in every member account. */
    roleName: z.string().default('OrganizationAccountAccessRole'),
    regions: z
      .object({
        /** SCP-02: the regions the organization allows. */
        allowed: z.array(z.string()).optional(),
      })
      .strict()
      .default({}),
    iam: z
      .object({
        /** IAM users allowed to keep a console password (IDN-03, MGMT-02). */
        breakGlassUsers: z.array(z.string()).default([]),
        accessKeyMaxAgeDays: z.number().int().positive().default(90),
        accessKeyUnusedDays: z.number().int().positive().default(45),
      })
      .strict()
      .default({ breakGlassUsers: [], accessKeyMaxAgeDays: 90, accessKeyUnusedDays: 45 }),
    root: z
      .object({ usageWindowDays: z.number().int().positive().default(90) })
      .strict()
      .default({ usageWindowDays: 90 }),
    guardDuty: z
      .object({
        /** GD-04: organization features that must auto-enable for ALL accounts. */
        features: z
          .array(z.string())
          .default(['S3_DATA_EVENTS', 'RUNTIME_MONITORING', 'EBS_MALWARE_PROTECTION']),
      })
      .strict()
      .default({ features: ['S3_DATA_EVENTS', 'RUNTIME_MONITORING', 'EBS_MALWARE_PROTECTION'] }),
    stackSets: z
      .object({
        /** STK-01: stack sets that must deploy org-wide; empty = any service-managed one. */
        baseline: z.array(z.string()).default([]),
      })
      .strict()
      .default({ baseline: [] }),
    suppressions: z.array(suppressionSchema).default([]),
  })
  .strict();

export type AuditSettings = z.infer<typeof auditSettingsSchema>;
export type AuditSettingsInput = z.input<typeof auditSettingsSchema>;

export function defaultSettings(): AuditSettings {
  return auditSettingsSchema.parse({});
}
