/** Fixed limits of the eval sandbox, shared by adapters and documented in docs/eval-contract.md. */
export const SANDBOX_LIMITS = {
  timeoutMsPerTrace: 5000,
  /** Captured stdout+stderr kept per trace (characters). */
  outputChars: 16_384,
  /** Length of the returned reason kept (characters). */
  reasonChars: 8_192,
  /** Largest eval source accepted (UTF-8 bytes). */
  codeBytes: 256 * 1024,
} as const;
