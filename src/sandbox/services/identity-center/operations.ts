import type { Handler } from '../../service.js';
import { assignmentOperations } from './assignments.js';
import { permissionSetOperations } from './permission-sets.js';

export const ssoAdminOperations: Record<string, Handler> = {
  ...permissionSetOperations,
  ...assignmentOperations,
};
export { identityStoreOperations } from './store.js';
export { advanceIdentityCenter } from './assignments.js';
