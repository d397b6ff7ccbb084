/** Global options every command shares, and the AWS target they describe. */
import type { AwsTarget } from '../aws/clients.js';

export interface GlobalOptions {
  endpointUrl?: string;
  region?: string;
  profile?: string;
  debug?: boolean;
}

export function awsTargetFrom(options: GlobalOptions): AwsTarget {
  return {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
}
