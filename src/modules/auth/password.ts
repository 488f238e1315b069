import argon2 from 'argon2';

/** Minimum and maximum password length in characters (Unicode code points). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// argon2id with the library's defaults (64 MiB memory, 3 passes as of argon2 0.45),
// which match the OWASP minimums for interactive logins.
// NOTE: the password is hashed as typed. NIST SP 800-63B suggests NFKC normalization before
// hashing, but hashes stored before this version were made without it and must still verify.
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash is treated as a failed check, never as a pass.
    return false;
  }
}
