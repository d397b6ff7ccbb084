/** Test builders for the IAM users core: a user with nothing on it, to override what a test is about. */
import type { IamUserRecord } from '../model/iam-users.js';
import type { Unclassified } from './classify.js';

/** An IAM user in account 111111111111 (Prod) with no credential, group or policy. */
export function bareIamUser(
  userName: string,
  created: string,
  overrides: Partial<Unclassified> = {},
): Unclassified {
  return {
    accountId: '111111111111',
    accountName: 'Prod',
    userName,
    userId: 'AIDAEXAMPLE',
    arn: `arn:aws:iam::111111111111:user/${userName}`,
    path: '/',
    created,
    tags: {},
    password: { enabled: false, lastUsed: null },
    mfa: [],
    accessKeys: [],
    signingCertificates: [],
    sshPublicKeys: [],
    serviceSpecificCredentials: [],
    groups: [],
    attachedPolicies: [],
    inlinePolicies: [],
    permissionsBoundary: null,
    servicesLastAccessed: null,
    deactivation: null,
    ...overrides,
  };
}

/** The same, classified as `classification` says. */
export function classifiedIamUser(
  userName: string,
  created: string,
  classification: IamUserRecord['classification'],
  overrides: Partial<IamUserRecord> = {},
): IamUserRecord {
  return { ...bareIamUser(userName, created), classification, ...overrides };
}
