/** Alternate contacts (BILLING, OPERATIONS, SECURITY) and the primary contact information. */
import { AwsError } from '../../errors.js';
import { optRecord, optString, reqString } from '../../input.js';
import type { Handler } from '../../service.js';
import { accountState, peekAccountState, type ContactInformation, type ContactType } from './state.js';
import { targetAccount } from './target.js';

const TYPES = ['BILLING', 'OPERATIONS', 'SECURITY'];

const notFound = (message: string) =>
  new AwsError('ResourceNotFoundException', message, {
    status: 404,
    extras: { errorType: 'ResourceNotFound' },
  });

const getAlternateContact: Handler = (ctx, input) => {
  const type = reqString(input, 'AlternateContactType', { oneOf: TYPES }) as ContactType;
  const contact = peekAccountState(targetAccount(ctx, input)).alternateContacts[type];
  if (!contact) throw notFound('No contact of the inputted alternate contact type found.');
  return { AlternateContact: { ...contact, AlternateContactType: type } };
};

const putAlternateContact: Handler = (ctx, input) => {
  const type = reqString(input, 'AlternateContactType', { oneOf: TYPES }) as ContactType;
  const contact = {
    Name: reqString(input, 'Name', { min: 1, max: 64 }),
    Title: reqString(input, 'Title', { min: 1, max: 50 }),
    EmailAddress: reqString(input, 'EmailAddress', { min: 1, max: 254, pattern: /^\S+@\S+$/ }),
    PhoneNumber: reqString(input, 'PhoneNumber', { min: 1, max: 25, pattern: /^[\s0-9()+-]+$/ }),
  };
  accountState(targetAccount(ctx, input)).alternateContacts[type] = contact;
  return {};
};

const deleteAlternateContact: Handler = (ctx, input) => {
  const type = reqString(input, 'AlternateContactType', { oneOf: TYPES }) as ContactType;
  const state = accountState(targetAccount(ctx, input));
  if (!state.alternateContacts[type])
    throw notFound('No contact of the inputted alternate contact type found.');
  delete state.alternateContacts[type];
  return {};
};

const getContactInformation: Handler = (ctx, input) => {
  const info = peekAccountState(targetAccount(ctx, input)).contactInformation;
  if (!info) throw notFound('No contact information found for this account.');
  return { ContactInformation: info };
};

const REQUIRED = ['FullName', 'AddressLine1', 'City', 'PostalCode', 'CountryCode', 'PhoneNumber'];
const OPTIONAL = [
  'AddressLine2',
  'AddressLine3',
  'StateOrRegion',
  'DistrictOrCounty',
  'CompanyName',
  'WebsiteUrl',
];

const putContactInformation: Handler = (ctx, input) => {
  const raw = optRecord(input, 'ContactInformation') ?? {};
  const info: Record<string, string> = {};
  for (const member of REQUIRED) info[member] = reqString(raw, member, { min: 1 });
  for (const member of OPTIONAL) {
    const value = optString(raw, member, { min: 1 });
    if (value !== undefined) info[member] = value;
  }
  accountState(targetAccount(ctx, input)).contactInformation = info as ContactInformation;
  return {};
};

export const contactOperations: Record<string, Handler> = {
  GetAlternateContact: getAlternateContact,
  PutAlternateContact: putAlternateContact,
  DeleteAlternateContact: deleteAlternateContact,
  GetContactInformation: getContactInformation,
  PutContactInformation: putContactInformation,
};
