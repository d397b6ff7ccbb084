/** Every JSON Schema orgward publishes under docs/, by file name. Kept in step by published-schemas.test.ts. */
import { configJsonSchema } from './schema.js';
import { snapshotJsonSchema } from '../model/snapshot.js';

export const PUBLISHED_SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'snapshot.schema.json': snapshotJsonSchema,
  'org.schema.json': configJsonSchema,
};
