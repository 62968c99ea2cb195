import { describe, expect, it } from 'vitest';
import { toolSchemaProblem } from '../registry/check-tool-schema';
import { inferToolSchema } from './infer-tool-schema';

describe('inferToolSchema', () => {
  it('gives the types seen per key and requires the keys present in every call', () => {
    const schema = inferToolSchema([
      { user_id: 'mia', count: 1, flights: [{ number: 'HAT1', date: '2024-05-20' }], note: null },
      { user_id: 'noah', count: 2.5, flights: [], insurance: true },
      'not an object',
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        count: { type: 'number' },
        flights: {
          type: 'array',
          items: {
            type: 'object',
            properties: { date: { type: 'string' }, number: { type: 'string' } },
            required: ['date', 'number'],
          },
        },
        insurance: { type: 'boolean' },
        note: { type: 'null' },
        user_id: { type: 'string' },
      },
      required: ['count', 'flights', 'user_id'],
    });
    expect(toolSchemaProblem(schema)).toBeNull();
  });

  it('keeps integer when every value is whole, and lists mixed types', () => {
    const schema = inferToolSchema([
      { n: 1, v: 'a' },
      { n: 2, v: 3 },
    ]);
    expect(schema.properties).toEqual({
      n: { type: 'integer' },
      v: { type: ['integer', 'string'] },
    });
    expect(inferToolSchema([])).toEqual({ type: 'object', properties: {}, required: [] });
  });
});
