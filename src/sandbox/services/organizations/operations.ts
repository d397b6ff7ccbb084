import type { Handler } from '../../service.js';

export const organizationsOperations: Record<string, Handler> = {};
