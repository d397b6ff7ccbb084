/** Every service the sandbox serves. A new service adds its definition here. */
import type { ServiceDefinition } from '../service.js';
import { iamService } from './iam/index.js';
import { identityStoreService } from './identitystore/index.js';
import { organizationsService } from './organizations/index.js';
import { ssoAdminService } from './sso-admin/index.js';
import { stsService } from './sts/index.js';

export const allServices: readonly ServiceDefinition[] = [
  organizationsService,
  iamService,
  stsService,
  ssoAdminService,
  identityStoreService,
];
