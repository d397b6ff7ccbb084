import type { Handler } from '../../service.js';

export const cloudTrailOperations: Record<string, Handler> = {};
