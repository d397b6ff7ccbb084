import type { Handler } from '../../service.js';
import { accountOperations } from './accounts.js';
import { delegationOperations } from './delegation.js';
import { handshakeOperations } from './handshakes.js';
import { organizationOperations } from './organization.js';
import { policyOperations } from './policies.js';
import { tagOperations } from './tags.js';
import { treeOperations } from './tree.js';

export const organizationsOperations: Record<string, Handler> = {
  ...organizationOperations,
  ...treeOperations,
  ...accountOperations,
  ...policyOperations,
  ...delegationOperations,
  ...handshakeOperations,
  ...tagOperations,
};
