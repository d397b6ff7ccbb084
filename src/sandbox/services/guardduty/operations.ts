import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const guardDutyOperations: Record<string, Handler> = {};

export const guardDutyRoutes: readonly RestRoute[] = [];
