import type { Handler } from '../../service.js';
import { loggingOperations } from './logging.js';
import { tagOperations } from './tags.js';
import { trailOperations } from './trails.js';

export const cloudTrailOperations: Record<string, Handler> = {
  ...trailOperations,
  ...loggingOperations,
  ...tagOperations,
};
