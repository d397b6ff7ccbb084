import type { Handler } from '../../service.js';
import { accountOperations } from './accounts.js';
import { delegationOperations } from './delegation.js';
import { handshakeOperations } from './handshakes.js';
import { organizationOperations } from './organization.js';
import { policyOperations } from './policies.js';
import { refusingDeleteDuringTransfer, responsibilityOperations } from './responsibility.js';
import { tagOperations } from './tags.js';
import { treeOperations } from './tree.js';

export const organizationsOperations: Record<string, Handler> = {
  ...organizationOperations,
  DeleteOrganization: refusingDeleteDuringTransfer(organizationOperations.DeleteOrganization),
  ...treeOperations,
  ...accountOperations,
  ...policyOperations,
  ...delegationOperations,
  ...handshakeOperations,
  ...responsibilityOperations,
  ...tagOperations,
};
