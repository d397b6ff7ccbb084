/**
 * The AWS SDK announces, on every run under Node 20, which future SDK releases will need Node 22.
 * orgward pins its SDK versions; the notice is for SDK maintainers, not for orgward's users. This
 * module is imported first by the executable, before any SDK module is evaluated.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;

process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const option = rest[0];
  const type =
    typeof option === 'string'
      ? option
      : option && typeof option === 'object' && 'type' in option
        ? (option as { type?: string }).type
        : undefined;
  if (
    type === 'NodeVersionSupportWarning' ||
    (typeof warning === 'string' && warning.includes('NodeVersionSupportWarning'))
  )
    return;
  emitWarning(warning, ...rest);
};
