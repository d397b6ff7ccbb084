import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const s3ControlOperations: Record<string, Handler> = {};

export const s3ControlRoutes: readonly RestRoute[] = [];
