/** The error a call fails with (its SDK exception name, AWS's Reason where given); throws if the call succeeds. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; Reason?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      name: string;
      message: string;
      Reason?: string;
      $metadata?: { httpStatusCode?: number };
    };
    return {
      name: e.name,
      message: e.message,
      ...(e.Reason !== undefined ? { Reason: e.Reason } : {}),
      ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}),
    };
  }
  throw new Error('expected the call to fail');
}
