import type { Handler } from '../../service.js';

export const iamOperations: Record<string, Handler> = {};
