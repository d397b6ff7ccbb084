import type { Handler } from '../../service.js';

export const ec2Operations: Record<string, Handler> = {};
