/**
 * Billing transfers of the caller's organization, as the payer (inbound) and as the payee (outbound):
 * list them, and end one (either side may; it ends at the end of a month). Starting one is a transfer
 * plan with `path: 'billing'` (planTransferMove, executeTransfer).
 */
import { TerminateResponsibilityTransferCommand } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.js';
import { UsageError } from '../errors/index.js';
import { billingTransferOf, listBillingTransfers, type BillingTransfer } from '../read/transfer/billing.js';

export { listBillingTransfers, type BillingTransfer };
import type { EventSink } from './events.js';

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
  return out.ResponsibilityTransfer ? billingTransferOf(out.ResponsibilityTransfer, found.direction) : found;
}
