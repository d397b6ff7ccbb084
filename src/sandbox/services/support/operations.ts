import type { Handler } from '../../service.js';

export const supportOperations: Record<string, Handler> = {};
