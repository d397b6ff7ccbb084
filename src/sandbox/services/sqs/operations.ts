import type { Handler } from '../../service.js';
import { sqsQueueOperations } from './queues.js';

export const sqsOperations: Record<string, Handler> = { ...sqsQueueOperations };
