/** Raw requests for the sandbox core (`sandbox.handle`), as a client would send them. */
import type { SandboxRequest } from '../../src/sandbox/protocols/types.js';

/** A SigV4 `Authorization` header naming `service` and `accessKeyId` (the sandbox reads the scope only). */
export function signedFor(service: string, accessKeyId = 'AKIDEXAMPLE'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** A POST to `/` unless the patch says otherwise; a string body is sent as UTF-8. */
export function sandboxRequest(
  patch: Omit<Partial<SandboxRequest>, 'body'> & { body?: Buffer | string },
): SandboxRequest {
  const body = patch.body ?? '';
  return {
    method: 'POST',
    path: '/',
    query: {},
    headers: {},
    ...patch,
    body: typeof body === 'string' ? Buffer.from(body) : body,
  };
}
