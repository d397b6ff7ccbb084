/** Billing transfers of the caller's organization, as the payer (inbound) and as the one paid for (outbound). */
import {
  ListInboundResponsibilityTransfersCommand,
  ListOutboundResponsibilityTransfersCommand,
  type ResponsibilityTransfer,
} from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../../aws/clients.js';
import { allPages } from './shared.js';

export interface BillingTransfer {
  id: string;
  /** inbound: this organization pays another's bill; outbound: another pays this one's. */
  direction: 'inbound' | 'outbound';
  status: string;
  /** The paying management account and the paid-for one. */
  payer: string;
  payee: string;
  start: string | null;
  end: string | null;
}

export function billingTransferOf(
  t: ResponsibilityTransfer,
  direction: BillingTransfer['direction'],
): BillingTransfer {
  return {
    id: t.Id ?? '',
    direction,
    status: t.Status ?? '',
    payer: t.Target?.ManagementAccountId ?? '',
    payee: t.Source?.ManagementAccountId ?? '',
    start: t.StartTimestamp?.toISOString() ?? null,
    end: t.EndTimestamp?.toISOString() ?? null,
  };
}

/** The caller's organization's billing transfers in one direction (inbound: it pays; outbound: it is paid for). */
export async function billingTransfersOf(
  factory: ClientFactory,
  direction: BillingTransfer['direction'],
): Promise<BillingTransfer[]> {
  const client = factory.organizations();
  const transfers = await allPages(
    (NextToken) => {
      const input = { Type: 'BILLING' as const, ...(NextToken ? { NextToken } : {}) };
      return client.send(
        direction === 'inbound'
          ? new ListInboundResponsibilityTransfersCommand(input)
          : new ListOutboundResponsibilityTransfersCommand(input),
      );
    },
    (p) => p.ResponsibilityTransfers,
    (p) => p.NextToken,
  );
  return transfers.map((t) => billingTransferOf(t, direction));
}

/** Every billing transfer of the caller's organization, inbound then outbound. */
export async function listBillingTransfers(factory: ClientFactory): Promise<BillingTransfer[]> {
  const [inbound, outbound] = await Promise.all([
    billingTransfersOf(factory, 'inbound'),
    billingTransfersOf(factory, 'outbound'),
  ]);
  return [...inbound, ...outbound];
}
