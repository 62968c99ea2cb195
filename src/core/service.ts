import type { z } from '@hono/zod-openapi';
import type { Ctx } from './context';

/** The unparsed input, optional when `{}` parses (then an absent input parses as `{}`). */
type InputArgs<S extends z.ZodType, A extends unknown[]> = A extends []
  ? object extends z.input<S>
    ? [input?: z.input<S>]
    : [input: z.input<S>]
  : [input: z.input<S>, ...rest: A];

type Run<S extends z.ZodType, R, A extends unknown[]> = (
  ctx: Ctx,
  input: z.output<S>,
  ...rest: A
) => Promise<R>;

type KeyedRun<S extends z.ZodType, R, A extends unknown[]> = (
  ctx: Ctx,
  id: string,
  input: z.output<S>,
  ...rest: A
) => Promise<R>;

/** Checks the caller before the input is parsed: `assertCanWrite`, `assertOwner`, a row's owner. */
type Guard = (ctx: Ctx) => void | Promise<void>;
type KeyedGuard = (ctx: Ctx, id: string) => void | Promise<void>;

/**
 * A service `(ctx, input, ...rest)`: the optional `guard` checks the caller, then `schema` parses
 * the input (defaults applied, ZodError when invalid) and `run` gets it typed. Routes, the CLI and
 * tests call the result with the unparsed input; `rest` (options, hooks) passes through.
 */
export function service<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  run: Run<S, R, A>,
): (ctx: Ctx, ...args: InputArgs<S, A>) => Promise<R>;
export function service<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  guard: Guard,
  run: Run<S, R, A>,
): (ctx: Ctx, ...args: InputArgs<S, A>) => Promise<R>;
export function service<S extends z.ZodType, R, A extends unknown[]>(
  schema: S,
  guardOrRun: Guard | Run<S, R, A>,
  maybeRun?: Run<S, R, A>,
): (ctx: Ctx, ...args: InputArgs<S, A>) => Promise<R> {
  return maybeRun
    ? parseAt<R>(schema, 0, guardOrRun as Guard, maybeRun)
    : parseAt<R>(schema, 0, undefined, guardOrRun as Run<S, R, A>);
}

/** A service of one row, `(ctx, id, input, ...rest)`: as `service`, the guard also given the id. */
export function keyedService<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  run: KeyedRun<S, R, A>,
): (ctx: Ctx, id: string, ...args: InputArgs<S, A>) => Promise<R>;
export function keyedService<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  guard: KeyedGuard,
  run: KeyedRun<S, R, A>,
): (ctx: Ctx, id: string, ...args: InputArgs<S, A>) => Promise<R>;
export function keyedService<S extends z.ZodType, R, A extends unknown[]>(
  schema: S,
  guardOrRun: KeyedGuard | KeyedRun<S, R, A>,
  maybeRun?: KeyedRun<S, R, A>,
): (ctx: Ctx, id: string, ...args: InputArgs<S, A>) => Promise<R> {
  return maybeRun
    ? parseAt<R>(schema, 1, guardOrRun as KeyedGuard, maybeRun)
    : parseAt<R>(schema, 1, undefined, guardOrRun as KeyedRun<S, R, A>);
}

/** Any function: `parseAt` holds the guard and the body so; their callers check the arguments. */
type Loose<T> = (...args: never) => T;
type Called<T> = (ctx: Ctx, ...args: unknown[]) => T;

/**
 * The one implementation: the guard gets the arguments before the input (none, or the id) and
 * runs first; only an asynchronous guard adds a turn before the input at `at` is parsed.
 */
function parseAt<R>(
  schema: z.ZodType,
  at: number,
  guard: Loose<void | Promise<void>> | undefined,
  run: Loose<Promise<R>>,
): Called<Promise<R>> {
  return async (ctx, ...args) => {
    const checking = (guard as Called<void | Promise<void>> | undefined)?.(
      ctx,
      ...args.slice(0, at),
    );
    if (checking) {
      await checking;
    }
    const withInput = [...args];
    withInput[at] = schema.parse(args[at] ?? {});
    return (run as Called<Promise<R>>)(ctx, ...withInput);
  };
}

/**
 * A keyed service called as a route calls it, the path id inside the input: `(ctx, { id, ...input })`.
 * `keyed` gets the id and the rest of the input, unparsed.
 */
export function idInInput<I extends object, R>(
  keyed: (ctx: Ctx, id: string, input: I) => Promise<R>,
): (ctx: Ctx, input: { id: string } & I) => Promise<R> {
  return (ctx, { id, ...input }) => keyed(ctx, id, input as I);
}
