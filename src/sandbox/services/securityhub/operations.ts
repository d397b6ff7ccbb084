import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const securityHubOperations: Record<string, Handler> = {};

export const securityHubRoutes: readonly RestRoute[] = [];
