import type { Handler } from '../../service.js';

export const identityStoreOperations: Record<string, Handler> = {};
