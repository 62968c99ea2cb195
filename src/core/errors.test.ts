import { describe, expect, it } from 'vitest';
import { AppError, invariant, isAppError, notFound } from './errors';

describe('AppError', () => {
  it('is recognised by marker with its code and details', () => {
    const error = new AppError('CONFLICT', 'taken', { details: { field: 'name' } });
    expect(isAppError(error)).toBe(true);
    expect({ code: error.code, message: error.message, details: error.details }).toEqual({
      code: 'CONFLICT',
      message: 'taken',
      details: { field: 'name' },
    });
  });

  it('does not recognise plain errors or look-alikes', () => {
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'NOT_FOUND' })).toBe(false);
  });

  it('names the entity and id in NOT_FOUND', () => {
    expect(notFound('trace', 'trc_1').message).toBe('trace trc_1 not found');
  });

  it('throws INTERNAL when an invariant fails', () => {
    expect(() => invariant(false, 'never')).toThrowError(/invariant failed: never/);
    try {
      invariant(0, 'zero');
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('INTERNAL');
    }
  });
});
