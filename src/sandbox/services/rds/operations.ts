import type { Handler } from '../../service.js';

export const rdsOperations: Record<string, Handler> = {};
