/** Every JSON Schema orgward publishes under docs/, by file name. Kept in step by schemas.test.ts. */
import { configJsonSchema } from '../config/schema.js';
import { snapshotJsonSchema } from './snapshot.js';

export const PUBLISHED_SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'snapshot.schema.json': snapshotJsonSchema,
  'org.schema.json': configJsonSchema,
};
