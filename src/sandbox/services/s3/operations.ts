import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const s3Operations: Record<string, Handler> = {};

export const s3Routes: readonly RestRoute[] = [];
