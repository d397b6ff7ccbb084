/**
 * The regional `trails` member of world documents:
 *
 * ```json
 * "regions": { "us-east-1": { "trails": [
 *   { "name": "org-trail", "s3BucketName": "log-archive-trail", "multiRegion": true, "organization": true,
 *     "logging": true, "logFileValidation": true, "kmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/…" } ] } }
 * ```
 * An organization trail belongs to the account that describes it (its management account).
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { regionTrails } from './state.js';

const trailSpec = z
  .object({
    name: z.string().min(3).max(128),
    s3BucketName: z.string().min(3).max(63),
    s3KeyPrefix: z.string().optional(),
    multiRegion: z.boolean().default(true),
    includeGlobalServiceEvents: z.boolean().default(true),
    organization: z.boolean().default(false),
    logging: z.boolean().default(true),
    logFileValidation: z.boolean().default(true),
    kmsKeyId: z.string().optional(),
    deliveryError: z.string().optional(),
    readWriteType: z.enum(['All', 'ReadOnly', 'WriteOnly']).optional(),
    includeManagementEvents: z.boolean().optional(),
  })
  .strict();

export type TrailSpec = z.infer<typeof trailSpec>;

export const trailsSeeder: Seeder<TrailSpec[]> = {
  key: 'trails',
  schema: z.array(trailSpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = regionTrails(ctx.account, region);
    const at = ctx.now.toISOString();
    for (const spec of specs) {
      const custom = spec.readWriteType !== undefined || spec.includeManagementEvents !== undefined;
      state.trails[spec.name] = {
        name: spec.name,
        accountId: ctx.account.id,
        homeRegion: region,
        s3BucketName: spec.s3BucketName,
        ...(spec.s3KeyPrefix ? { s3KeyPrefix: spec.s3KeyPrefix } : {}),
        includeGlobalServiceEvents: spec.includeGlobalServiceEvents,
        isMultiRegionTrail: spec.multiRegion,
        logFileValidationEnabled: spec.logFileValidation,
        ...(spec.kmsKeyId ? { kmsKeyId: spec.kmsKeyId } : {}),
        isOrganizationTrail: spec.organization,
        isLogging: spec.logging,
        ...(spec.logging ? { startLoggingTime: at } : {}),
        ...(spec.deliveryError ? { latestDeliveryError: spec.deliveryError } : {}),
        ...(custom
          ? {
              eventSelectors: [
                {
                  ReadWriteType: spec.readWriteType ?? 'All',
                  IncludeManagementEvents: spec.includeManagementEvents ?? true,
                  DataResources: [],
                  ExcludeManagementEventSources: [],
                },
              ],
            }
          : {}),
        tags: [],
        createdAt: at,
      };
    }
  },
};
