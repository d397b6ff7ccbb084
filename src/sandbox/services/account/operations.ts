import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';
import { contactOperations } from './contacts.js';
import { informationOperations } from './information.js';
import { primaryEmailOperations } from './primary-email.js';
import { regionOperations } from './regions.js';

export const accountOperations: Record<string, Handler> = {
  ...contactOperations,
  ...regionOperations,
  ...primaryEmailOperations,
  ...informationOperations,
};

/** HTTP bindings, from the model's `http` traits. */
export const accountRoutes: readonly RestRoute[] = [
  { method: 'POST', path: '/getAlternateContact', operation: 'GetAlternateContact' },
  { method: 'POST', path: '/putAlternateContact', operation: 'PutAlternateContact' },
  { method: 'POST', path: '/deleteAlternateContact', operation: 'DeleteAlternateContact' },
  { method: 'POST', path: '/getContactInformation', operation: 'GetContactInformation' },
  { method: 'POST', path: '/putContactInformation', operation: 'PutContactInformation' },
  { method: 'POST', path: '/listRegions', operation: 'ListRegions' },
  { method: 'POST', path: '/getRegionOptStatus', operation: 'GetRegionOptStatus' },
  { method: 'POST', path: '/getPrimaryEmail', operation: 'GetPrimaryEmail' },
  { method: 'POST', path: '/startPrimaryEmailUpdate', operation: 'StartPrimaryEmailUpdate' },
  { method: 'POST', path: '/acceptPrimaryEmailUpdate', operation: 'AcceptPrimaryEmailUpdate' },
  { method: 'POST', path: '/putAccountName', operation: 'PutAccountName' },
  { method: 'POST', path: '/getAccountInformation', operation: 'GetAccountInformation' },
];
