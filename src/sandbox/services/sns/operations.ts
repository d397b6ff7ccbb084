/** The SNS operations the sandbox serves (topics.ts), typed by the generated shapes. */
import { snsOperations as topicOperations } from './topics.js';

export const snsOperations = { ...topicOperations };
