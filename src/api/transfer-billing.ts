/**
 * Billing transfers of the caller's organization, as the payer (inbound) and as the payee (outbound):
 * list them, and end one (either side may; it ends at the end of a month). Starting one is a transfer
 * plan with `path: 'billing'` (planTransferMove, executeTransfer).
 */
import {
  ListInboundResponsibilityTransfersCommand,
  ListOutboundResponsibilityTransfersCommand,
  TerminateResponsibilityTransferCommand,
  type ResponsibilityTransfer,
} from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.js';
import { UsageError } from '../errors/index.js';
import { allPages } from '../read/transfer/shared.js';
import type { EventSink } from './events.js';

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

function shape(t: ResponsibilityTransfer, direction: BillingTransfer['direction']): BillingTransfer {
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

/** Every billing transfer of the caller's organization, inbound then outbound. */
export async function listBillingTransfers(factory: ClientFactory): Promise<BillingTransfer[]> {
  const client = factory.organizations();
  const [inbound, outbound] = await Promise.all([
    allPages(
      (NextToken) =>
        client.send(
          new ListInboundResponsibilityTransfersCommand({
            Type: 'BILLING',
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (p) => p.ResponsibilityTransfers,
      (p) => p.NextToken,
    ),
    allPages(
      (NextToken) =>
        client.send(
          new ListOutboundResponsibilityTransfersCommand({
            Type: 'BILLING',
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (p) => p.ResponsibilityTransfers,
      (p) => p.NextToken,
    ),
  ]);
  return [...inbound.map((t) => shape(t, 'inbound')), ...outbound.map((t) => shape(t, 'outbound'))];
}

export interface EndBillingOptions {
  factory: ClientFactory;
  id: string;
  /** The last day (ISO date); default the end of the current month. */
  end?: string;
  confirmed?: boolean;
}

/** Ends a billing transfer (after a yes): AWS keeps it until the end of the month given. */
export async function endBillingTransfer(
  options: EndBillingOptions,
  sink?: EventSink,
): Promise<BillingTransfer> {
  const transfers = await listBillingTransfers(options.factory);
  const found = transfers.find((t) => t.id === options.id);
  if (!found)
    throw new UsageError(
      `no billing transfer ${options.id} in this organization`,
      transfers.length ? `its transfers: ${transfers.map((t) => t.id).join(', ')}` : 'it has none',
    );
  if (!options.confirmed) {
    if (!sink?.confirm) throw new UsageError('ending a billing transfer needs a yes', 'pass --yes');
    const agreed = await sink.confirm({
      question: `End billing transfer ${found.id} (${found.payer} pays for ${found.payee})?`,
      operations: [],
      destructive: 1,
    });
    if (!agreed) return found;
  }
  const endDate = options.end ? new Date(options.end) : undefined;
  if (endDate && Number.isNaN(endDate.getTime()))
    throw new UsageError(
      `--end ${options.end} is not a date`,
      'pass the last day of a month, e.g. 2027-01-31',
    );
  const out = await options.factory.organizations().send(
    new TerminateResponsibilityTransferCommand({
      Id: found.id,
      ...(endDate ? { EndTimestamp: endDate } : {}),
    }),
  );
  return out.ResponsibilityTransfer ? shape(out.ResponsibilityTransfer, found.direction) : found;
}
