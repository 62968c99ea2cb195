import { AppError } from '@/core/errors';

/** Walks an error's cause chain (Drizzle wraps driver errors) for a SQLite constraint message. */
function hasConstraintMessage(error: unknown, pattern: RegExp): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && pattern.test(current.message)) {
      return true;
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

export function isUniqueViolation(error: unknown): boolean {
  return hasConstraintMessage(error, /UNIQUE constraint failed/);
}

/**
 * Runs a write; when it breaks a unique index (a name or number already taken), answers CONFLICT
 * with `message` instead.
 */
export async function conflictOnDuplicate<T>(message: string, write: () => PromiseLike<T>) {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', message);
    }
    throw error;
  }
}

export function isForeignKeyViolation(error: unknown): boolean {
  return hasConstraintMessage(error, /FOREIGN KEY constraint failed/);
}

/** A compare-and-swap on a revision column lost to another writer (see `upsertRows`' `revision`). */
export function isRevisionConflict(error: unknown, column = 'revision'): boolean {
  return hasConstraintMessage(error, new RegExp(`NOT NULL constraint failed: \\w+\\.${column}\\b`));
}
