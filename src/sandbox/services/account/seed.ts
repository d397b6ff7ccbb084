/**
 * The account-level `alternateContacts` and `contactInformation` members of world documents:
 *
 * ```json
 * "222222222222": {
 *   "alternateContacts": { "SECURITY": { "name": "Sec Team", "title": "CISO", "email": "sec@example.com", "phone": "+1 555 0100" } },
 *   "contactInformation": { "FullName": "Example Corp", "AddressLine1": "1 Main St", "City": "Seattle",
 *                           "PostalCode": "98101", "CountryCode": "US", "PhoneNumber": "+1 555 0100" } }
 * ```
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { accountState } from './state.js';

const contact = z
  .object({
    name: z.string().min(1),
    title: z.string().min(1),
    email: z.string().min(3),
    phone: z.string().min(1),
  })
  .strict();

const contactsSpec = z
  .object({ BILLING: contact, OPERATIONS: contact, SECURITY: contact })
  .partial()
  .strict();

export const alternateContactsSeeder: Seeder<z.infer<typeof contactsSpec>> = {
  key: 'alternateContacts',
  schema: contactsSpec,
  apply(ctx, spec) {
    const state = accountState(ctx.account);
    for (const [type, c] of Object.entries(spec))
      state.alternateContacts[type as keyof typeof spec] = {
        Name: c.name,
        Title: c.title,
        EmailAddress: c.email,
        PhoneNumber: c.phone,
      };
  },
};

const contactInformationSpec = z
  .object({
    FullName: z.string().min(1),
    AddressLine1: z.string().min(1),
    City: z.string().min(1),
    PostalCode: z.string().min(1),
    CountryCode: z.string().length(2),
    PhoneNumber: z.string().min(1),
  })
  .catchall(z.string());

export const contactInformationSeeder: Seeder<z.infer<typeof contactInformationSpec>> = {
  key: 'contactInformation',
  schema: contactInformationSpec,
  apply(ctx, spec) {
    accountState(ctx.account).contactInformation = { ...spec };
  },
};
