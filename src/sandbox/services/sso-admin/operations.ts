import type { Handler } from '../../service.js';

export const ssoAdminOperations: Record<string, Handler> = {};
