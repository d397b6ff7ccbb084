/** Global options every command shares, and the AWS target they describe. */
import type { AwsTarget } from '../aws/clients.js';
import { endpointInputs, resolveEndpoints, SDK_SERVICE_IDS, type Env } from '../aws/endpoint.js';

export interface GlobalOptions {
  endpointUrl?: string;
  region?: string;
  profile?: string;
  debug?: boolean;
}

/**
 * The target the options and the environment describe. Endpoints are resolved here, for every service
 * the factory makes (src/aws/endpoint.ts), so a bad endpoint URL is a usage error before any call.
 */
export function awsTargetFrom(options: GlobalOptions, env: Env = process.env): AwsTarget {
  const endpoints = resolveEndpoints(
    Object.values(SDK_SERVICE_IDS),
    endpointInputs(env, {
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    }),
  );
  return {
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : { endpoints }),
    ...(options.profile ? { profile: options.profile } : {}),
  };
}
