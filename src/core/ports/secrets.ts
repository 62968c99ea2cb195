import { AppError } from '@/core/errors';

/** Encrypts integration secrets at rest. Ciphertext is opaque text; plaintext is never logged. */
export type Secrets = {
  encrypt(plaintext: string): Promise<string>;
  decrypt(ciphertext: string): Promise<string>;
};

/** For hosts without a configured key: every use answers UNAVAILABLE with what to configure. */
export function createUnavailableSecrets(reason: string): Secrets {
  const fail = async (): Promise<string> => {
    throw new AppError('UNAVAILABLE', `secrets are not configured: ${reason}`);
  };
  return { encrypt: fail, decrypt: fail };
}
