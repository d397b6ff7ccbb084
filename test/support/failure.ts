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

/** An apply run's operations that failed or were skipped, each with its id and why (`[]` when none). */
export function runFailures(run: {
  outcomes: ReadonlyArray<
    | { status: 'failed'; op: { id: string }; error: unknown }
    | { status: 'skipped'; op: { id: string }; reason: string }
    | { status: string; op: { id: string } }
  >;
}): string[] {
  return run.outcomes.flatMap((o) =>
    o.status === 'failed' && 'error' in o
      ? [`${o.op.id}: ${String(o.error)}`]
      : o.status === 'skipped' && 'reason' in o
        ? [`${o.op.id}: ${o.reason}`]
        : [],
  );
}
