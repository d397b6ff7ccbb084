/** The protocol-neutral request and response the sandbox core works with. */
export interface SandboxRequest {
  method: string;
  /**
   * Path without the query string, e.g. `/` or `/_sandbox/health`, still percent-encoded as sent (REST
   * routing decodes each label once, so an S3 key may hold `%`, `/` or spaces).
   */
  path: string;
  query: Record<string, string | string[]>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  /** Text for every protocol's documents; bytes for S3 object content. */
  body: string | Buffer;
}

export type ProtocolName = 'awsJson1_0' | 'awsJson1_1' | 'awsQuery' | 'ec2Query' | 'restJson1' | 'restXml';
