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

/**
 * Awaits `promise` and returns the code and both messages of the domain error it rejects
 * with; fails the test when it resolves or rejects with another error.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code: string; ja: string; en: string }> {
  const outcome = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  if (!isDomainError(outcome)) throw outcome;
  return { code: outcome.code, ja: outcome.messageIn('ja'), en: outcome.messageIn('en') };
}
