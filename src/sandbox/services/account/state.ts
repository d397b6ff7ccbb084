/**
 * Account Management state, per account (`account.services.account`): alternate and primary contacts,
 * and a primary email update waiting for its one-time password.
 */
import { serviceState, type AccountRecord } from '../../world.js';

export type ContactType = 'BILLING' | 'OPERATIONS' | 'SECURITY';

export interface AlternateContact {
  Name: string;
  Title: string;
  EmailAddress: string;
  PhoneNumber: string;
}

export interface ContactInformation {
  FullName: string;
  AddressLine1: string;
  City: string;
  PostalCode: string;
  CountryCode: string;
  PhoneNumber: string;
  [member: string]: string;
}

/**
 * A StartPrimaryEmailUpdate waiting for AcceptPrimaryEmailUpdate. AWS mails `otp` to `email`; the
 * sandbox sends no mail, so a tester reads it here (`GET /_sandbox/world`:
 * `accounts.<id>.services.account.primaryEmailUpdate.otp`).
 */
export interface PendingPrimaryEmailUpdate {
  email: string;
  otp: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601: when the OTP stops being accepted (24 hours after `startedAt`). */
  expiresAt: string;
}

export interface AccountServiceState {
  alternateContacts: Partial<Record<ContactType, AlternateContact>>;
  contactInformation?: ContactInformation;
  primaryEmailUpdate?: PendingPrimaryEmailUpdate;
}

export function accountState(account: AccountRecord): AccountServiceState {
  return serviceState(account, 'account', () => ({ alternateContacts: {} }));
}

/** Read-only view: empty contacts when the account never set any (reads do not create the slot). */
export function peekAccountState(account: AccountRecord): AccountServiceState {
  return (account.services.account as AccountServiceState | undefined) ?? { alternateContacts: {} };
}

/** Regions AWS offers that an account must opt in to. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;
