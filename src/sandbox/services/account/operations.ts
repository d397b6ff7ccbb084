import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const accountOperations: Record<string, Handler> = {};

export const accountRoutes: readonly RestRoute[] = [];
