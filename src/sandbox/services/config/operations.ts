import type { Handler } from '../../service.js';

export const configOperations: Record<string, Handler> = {};
