import { parseArgs, type ParseArgsConfig } from 'node:util';
import { cliErrors } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses one command's arguments strictly: unknown options and extra or missing positional
 * arguments become usage errors that name the problem. A last name ending in "..." (such as
 * "IN...") takes one or more values.
 */
export function parseCommandArgs<T extends Options>(args: string[], options: T, positionalNames: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util reports ERR_PARSE_ARGS_* with an English message that names the option.
    const message = error instanceof Error ? error.message : String(error);
    throw cliErrors.bad_arguments({ detail: message });
  }

  const { positionals } = parsed;
  if (positionals.length < positionalNames.length) {
    throw cliErrors.missing_argument({ name: positionalNames.slice(positionals.length).join(' ') });
  }
  const variadic = positionalNames.at(-1)?.endsWith('...') ?? false;
  if (!variadic && positionals.length > positionalNames.length) {
    throw cliErrors.unexpected_argument({ value: positionals.slice(positionalNames.length).join(' ') });
  }
  return parsed;
}

/** Checks an option against its allowed values, returning the default when it is absent. */
export function choiceOption<const C extends string>(option: string, value: string | undefined, allowed: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw cliErrors.invalid_option({ option, value, allowed: allowed.join(', ') });
  }
  return value as C;
}

/** Returns a required string option or raises a usage error naming it. */
export function requiredOption(option: string, value: string | undefined): string {
  if (value === undefined || value === '') throw cliErrors.missing_option({ option });
  return value;
}
