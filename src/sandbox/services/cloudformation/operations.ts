/**
 * CloudFormation StackSets (awsQuery): stack sets, their instances and operations, and trusted access for
 * StackSets in the organization. Behaviour and differences from AWS: SPEC.md.
 */
import type { Handler } from '../../service.js';
import { instanceOperations } from './instances.js';
import { setOperationOperations } from './set-operations.js';
import { stackSetOperations } from './stack-sets.js';

export const cloudFormationOperations: Record<string, Handler> = {
  ...stackSetOperations,
  ...instanceOperations,
  ...setOperationOperations,
};
