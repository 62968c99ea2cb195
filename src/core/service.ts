import type { z } from '@hono/zod-openapi';
import type { Ctx } from './context';

/** A check of the caller that runs before the input is parsed (e.g. `assertCanWrite`). */
type Guard = (ctx: Ctx) => void;

/** The unparsed input, optional when `{}` parses (then an absent input parses as `{}`). */
type InputArg<S extends z.ZodType> =
  object extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>];

/** The arguments after `ctx`: the input, then `rest` (options, hooks) when the service has them. */
type ServiceArgs<S extends z.ZodType, A extends unknown[]> = A extends []
  ? InputArg<S>
  : [input: z.input<S>, ...rest: A];

type Run<S extends z.ZodType, R, A extends unknown[]> = (
  ctx: Ctx,
  input: z.output<S>,
  ...rest: A
) => Promise<R>;

type KeyedRun<S extends z.ZodType, R> = (ctx: Ctx, id: string, input: z.output<S>) => Promise<R>;

/** `guard` (when given) checks the caller, then `schema` parses the input (ZodError when invalid). */
function parseAfter<S extends z.ZodType>(schema: S, guard: Guard | undefined) {
  return (ctx: Ctx, input: z.input<S> | undefined): z.output<S> => {
    guard?.(ctx);
    return schema.parse(input ?? {});
  };
}

/**
 * A service `(ctx, input, ...rest)`: the optional `guard` checks the caller, then `schema` parses
 * the input (defaults applied) and `run` gets it typed. Routes, the CLI and tests call the result
 * with the unparsed input.
 */
export function service<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  run: Run<S, R, A>,
): (ctx: Ctx, ...args: ServiceArgs<S, A>) => Promise<R>;
export function service<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  guard: Guard,
  run: Run<S, R, A>,
): (ctx: Ctx, ...args: ServiceArgs<S, A>) => Promise<R>;
export function service<S extends z.ZodType, R, A extends unknown[]>(
  schema: S,
  guardOrRun: Guard | Run<S, R, A>,
  maybeRun?: Run<S, R, A>,
): (ctx: Ctx, ...args: ServiceArgs<S, A>) => Promise<R> {
  const parse = parseAfter(schema, maybeRun ? (guardOrRun as Guard) : undefined);
  const run = maybeRun ?? (guardOrRun as Run<S, R, A>);
  return async (ctx, ...args) => {
    const [input, ...rest] = args as [z.input<S> | undefined, ...A];
    return run(ctx, parse(ctx, input), ...rest);
  };
}

/** A service of one row `(ctx, id, input)`, its path id first: as `service`, otherwise. */
export function keyedService<S extends z.ZodType, R>(
  schema: S,
  run: KeyedRun<S, R>,
): (ctx: Ctx, id: string, ...args: InputArg<S>) => Promise<R>;
export function keyedService<S extends z.ZodType, R>(
  schema: S,
  guard: Guard,
  run: KeyedRun<S, R>,
): (ctx: Ctx, id: string, ...args: InputArg<S>) => Promise<R>;
export function keyedService<S extends z.ZodType, R>(
  schema: S,
  guardOrRun: Guard | KeyedRun<S, R>,
  maybeRun?: KeyedRun<S, R>,
): (ctx: Ctx, id: string, ...args: InputArg<S>) => Promise<R> {
  const parse = parseAfter(schema, maybeRun ? (guardOrRun as Guard) : undefined);
  const run = maybeRun ?? (guardOrRun as KeyedRun<S, R>);
  return async (ctx, id, ...[input]) => run(ctx, id, parse(ctx, input));
}
