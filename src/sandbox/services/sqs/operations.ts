import type { Handler } from '../../service.js';

export const sqsOperations: Record<string, Handler> = {};
