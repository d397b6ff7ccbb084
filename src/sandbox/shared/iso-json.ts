/**
 * restJson1 members whose model says `timestampFormat: iso8601` (Access Analyzer's `createdAt`, Security
 * Hub's member `InvitedAt`) travel as ISO-8601 strings, while the protocol layer writes every `Date` as
 * epoch seconds. Such answers carry their exact wire body in `$body` (JSON.stringify writes a Date as
 * its ISO string) beside the members, which the model check still sees as Dates.
 */
export function withIsoTimestamps<T extends Record<string, unknown>>(output: T): T & { $body: string } {
  return { ...output, $body: JSON.stringify(output) };
}
