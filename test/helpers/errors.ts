import { isDomainError, type DomainError } from '../../src/shared/errors.js';

/** Runs `run` and returns the domain error it raises; fails the test when it raises none or another error. */
export function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a domain error');
}
