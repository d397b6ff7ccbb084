import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const lambdaOperations: Record<string, Handler> = {};

export const lambdaRoutes: readonly RestRoute[] = [];
