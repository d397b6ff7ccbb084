/** Reading one piece of audit evidence: the value, or the AWS refusal as the reason it is unknown. */
import { AwsCallError } from '../../errors/index.js';
import { got, missing, type Got } from '../../model/evidence.js';

/**
 * Any AWS error becomes a reason (access denied, not enabled, throttled after retries, an endpoint
 * without the operation): one unreadable piece never stops the audit, and never reads as a FAIL.
 */
export async function read<T>(fn: () => Promise<T>): Promise<Got<T>> {
  try {
    return got(await fn());
  } catch (error) {
    if (error instanceof AwsCallError)
      return missing(error.awsCode, `${error.service}:${error.operation} ${error.awsCode}`);
    throw error;
  }
}

/** Follows `NextToken`-style pagination until the service stops returning a token. */
export async function allPages<P, I>(
  fetch: (token: string | undefined) => Promise<P>,
  items: (page: P) => I[] | undefined,
  next: (page: P) => string | undefined,
): Promise<I[]> {
  const out: I[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(items(page) ?? []));
    token = next(page);
  } while (token);
  return out;
}
