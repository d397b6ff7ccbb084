import type { Handler } from '../../service.js';

export const elbv2Operations: Record<string, Handler> = {};
