import type { Handler } from '../../service.js';

export const cloudFormationOperations: Record<string, Handler> = {};
