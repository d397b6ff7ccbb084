/** Policy documents as orgward stores and compares them. */

/** The document as orgward sends it: minified JSON (AWS counts whitespace toward the size limit). */
export function policyContent(doc: unknown): string {
  return JSON.stringify(doc);
}

/**
 * The document of a customer-managed policy that grants nothing: what accounts get when the file gives
 * no document for them, so a permission set that references the policy can still create its role.
 */
export const GRANTS_NOTHING = policyContent({
  Version: '2012-10-17',
  // GetCallerIdentity needs no permission, so allowing it adds nothing; IAM wants one statement.
  Statement: [{ Sid: 'GrantsNothing', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }],
});
