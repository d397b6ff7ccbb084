import type { ProtocolName } from './protocols/types.js';

/**
 * An error the sandbox answers with, encoded by each protocol in AWS's own way.
 *
 * `code` is the wire error code (for awsQuery services that is the `<Code>` value, e.g. IAM's
 * `NoSuchEntity`, not the SDK class name). `extras` are extra members AWS puts on the error body
 * (`Reason`, `Type`, `ResourceType`, ...); the SDK copies them onto the exception.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly extras: Record<string, unknown>;
  /** Extra HTTP headers (e.g. `Retry-After` on throttling). */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    message: string,
    options: { status?: number; extras?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status ?? 400;
    this.extras = options.extras ?? {};
    this.headers = options.headers ?? {};
  }

  /** awsQuery `<Type>`: Sender for client faults, Receiver for server faults. */
  get faultType(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/**
 * The answer for an operation (or a whole service) the sandbox does not serve, spelled as AWS spells it
 * in each protocol: `InvalidAction` for the query protocols, `NotImplemented` (HTTP 501) for S3's
 * restXml, `UnknownOperationException` for the JSON protocols (HTTP 404 for a REST path). None of them is retryable: clients must
 * not spend their retries on a request that can never succeed.
 */
export function unknownOperation(protocol: ProtocolName, what: string): AwsError {
  switch (protocol) {
    case 'awsQuery':
    case 'ec2Query':
      return new AwsError(
        'InvalidAction',
        `The action or operation requested is invalid: the sandbox does not serve ${what}.`,
      );
    case 'restXml':
      return new AwsError(
        'NotImplemented',
        `A header you provided implies functionality that is not implemented: the sandbox does not serve ${what}.`,
        { status: 501 },
      );
    case 'restJson1':
      // A REST path no operation is bound to is "not found" at the HTTP level too.
      return new AwsError('UnknownOperationException', `The sandbox does not serve ${what}.`, {
        status: 404,
      });
    default:
      return new AwsError('UnknownOperationException', `The sandbox does not serve ${what}.`);
  }
}
