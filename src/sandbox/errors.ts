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

/** A request the sandbox cannot route or parse: not a service error, a protocol-level one. */
export function unknownOperation(service: string, operation: string): AwsError {
  return new AwsError(
    'UnknownOperationException',
    `The sandbox's ${service} does not implement ${operation}.`,
    {
      status: 400,
    },
  );
}
