import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '@/core/errors';

export type SecretKey = {
  key: Uint8Array;
  source: 'config' | 'file';
  path?: string;
  created: boolean;
};

/** 32-byte key from `IOFOLD_SECRET_KEY` (base64 or hex), else `<dataDir>/secret.key`, created once (mode 600). */
export function loadSecretKey(config: { dataDir: string; secretKey?: string }): SecretKey {
  if (config.secretKey) {
    return {
      key: decodeKey(config.secretKey, 'IOFOLD_SECRET_KEY'),
      source: 'config',
      created: false,
    };
  }
  const path = resolve(join(config.dataDir, 'secret.key'));
  if (existsSync(path)) {
    return {
      key: decodeKey(readFileSync(path, 'utf8').trim(), path),
      source: 'file',
      path,
      created: false,
    };
  }
  mkdirSync(resolve(config.dataDir), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key: new Uint8Array(key), source: 'file', path, created: true };
}

function decodeKey(text: string, where: string): Uint8Array {
  const bytes = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : Buffer.from(text, 'base64');
  if (bytes.length !== 32) {
    throw new AppError(
      'VALIDATION',
      `the secrets key in ${where} must be 32 bytes, base64 or hex (openssl rand -base64 32)`,
    );
  }
  return new Uint8Array(bytes);
}
