import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { Ctx, Deps } from '@/core/context';
import { onePage } from '@/core/page';
import type { AppEnv } from './env';
import {
  authenticated,
  errorResponses,
  jsonBody,
  jsonResponse,
  pageOf,
  pathParams,
} from './openapi-schemas';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a route takes besides its path parameters, each a zod schema: query, a required JSON body. */
export type Takes = { query?: z.ZodType; json?: z.ZodType };

/** The names of a path's parameters: `'/agents/{id}/versions/{versionId}'` → `'id' | 'versionId'`. */
type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | ParamNames<Rest>
  : never;
type HasParams<P extends string> = [ParamNames<P>] extends [never] ? false : true;

type Part<T, K extends keyof Takes> = T extends { [P in K]: infer S extends z.ZodType } ? S : never;
type Has<T, K extends keyof Takes> = [Part<T, K>] extends [never] ? false : true;
type Valid<T, K extends keyof Takes> = Has<T, K> extends true ? z.output<Part<T, K>> : unknown;

type None = Record<never, never>;
/** The request as zod-openapi reads it, so the typed client (`hc`) sees each input. */
type RequestOf<P extends string, T> = (HasParams<P> extends true
  ? { params: z.ZodObject<Record<ParamNames<P>, z.ZodString>> }
  : None) &
  (Has<T, 'query'> extends true ? { query: Part<T, 'query'> } : None) &
  (Has<T, 'json'> extends true
    ? {
        body: { required: true; content: { 'application/json': { schema: Part<T, 'json'> } } };
      }
    : None);

/** The one input a service receives: path parameters, query and body merged (the body last). */
export type InputOf<P extends string, T> = (HasParams<P> extends true
  ? Record<ParamNames<P>, string>
  : unknown) &
  Valid<T, 'query'> &
  Valid<T, 'json'>;

type Success = 200 | 201 | 202 | 204;
type JsonContent<S extends z.ZodType> = {
  description: string;
  content: { 'application/json': { schema: S } };
};
/** A route's success response, one status: `ok`, `created`, `accepted`, `noContent`, or an own one. */
type Responses = RouteConfig['responses'];
type StatusOf<Res> = keyof Res & Success;

export const ok = <S extends z.ZodType>(schema: S, description: string) =>
  ({ 200: jsonResponse(schema, description) }) as { 200: JsonContent<S> };
export const created = <S extends z.ZodType>(schema: S, description: string) =>
  ({ 201: jsonResponse(schema, description) }) as { 201: JsonContent<S> };
export const accepted = <S extends z.ZodType>(schema: S, description: string) =>
  ({ 202: jsonResponse(schema, description) }) as { 202: JsonContent<S> };
export const noContent = (description: string) => ({ 204: { description } });
/** A 200 answered with Server-Sent Events (the service returns `eventStreamResponse(stream)`). */
export const events = (description: string) => ({
  200: { description, content: { 'text/event-stream': { schema: z.string() } } },
});

/** A `text/event-stream` answer that proxies neither buffer nor transform. */
export function eventStreamResponse(stream: ReadableStream): Response {
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}

/** What the handler answers: the service's `Response` as it is, nothing for 204, else its JSON. */
type Answer<Out, Status> = Out extends Response
  ? Out
  : Status extends 204
    ? Response & TypedResponse<null, 204, 'body'>
    : TypedResponse<JSONParsed<Out>, Status & Success, 'json'>;

type Access = 'authenticated' | 'public';
/** What a service gets first: the workspace ctx; on a public route (it checks its own credential, e.g. the session cookie) the deps. */
type Scope<A extends Access> = A extends 'public' ? Deps : Ctx;

/** The service behind a route: the workspace ctx (or deps), the merged input, and the request when needed. */
export type Serve<P extends string, T, Out, S = Ctx> = (
  ctx: S,
  input: InputOf<P, T>,
  c: Context<AppEnv>,
) => Promise<Out> | Out;

type RouteRequest = NonNullable<RouteConfig['request']>;
export type RouteSpec<M extends Method, P extends string, Req, Res> = {
  method: M;
  path: P;
  summary: string;
  description?: string;
  request?: Req;
  responses: Res;
};
type SpecRoute<M extends Method, P extends string, Req, Res> = Omit<
  DeclaredRoute<M, P, unknown, Res>,
  'request'
> & { request: Req };

/** A summary, or a summary with a longer description. */
type Doc = string | { summary: string; description: string };

type DeclaredRoute<M extends Method, P extends string, T, Res> = {
  method: M;
  path: P;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  request: RequestOf<P, T>;
  /** The error responses are in the document but not in the type: handlers throw `AppError`. */
  responses: Res;
};

/**
 * Declares the routes of one resource: each gets the resource's OpenAPI tag, the credentials it
 * accepts (`public` routes check their own, e.g. the session cookie) and every error response.
 * A route is its method, path, summary, what it takes, its success response and the service that
 * answers it, as `[route, handler]` for `router.openapi(...)`; the path's `{name}` parameters are
 * validated and passed in the service's input:
 *
 *     .openapi(...get('/agents/{id}', 'Get an agent', {}, ok(AgentDetail, 'The agent'), getAgent))
 *
 * Method and path keep their literal types, so the typed client (`hc<AppType>`) sees each route.
 */
export function routesFor<const A extends Access = 'authenticated'>(
  tag: string,
  access: A = 'authenticated' as A,
) {
  const security = access === 'authenticated' ? authenticated : [];
  /** The whole spec with a hand-written handler (for what the verbs below do not cover). */
  const route = <
    const M extends Method,
    const P extends string,
    Res extends Responses,
    Req extends RouteRequest | undefined = undefined,
  >(
    spec: RouteSpec<M, P, Req, Res>,
  ) => {
    const declared = {
      ...spec,
      tags: [tag],
      security,
      responses: { ...spec.responses, ...errorResponses },
    } as SpecRoute<M, P, Req, Res>;
    return createRoute(declared);
  };
  const verb =
    <const M extends Method>(method: M) =>
    <const P extends string, const T extends Takes, Res extends Responses, Out>(
      path: P,
      doc: Doc,
      takes: T,
      responses: Res,
      serve: Serve<P, T, Out, Scope<A>>,
    ) => {
      const names = Array.from(path.matchAll(/\{(\w+)\}/g), ([, name]) => name as string);
      const { query, json } = takes;
      const request = {
        ...(names.length > 0 ? { params: pathParams(...names) } : {}),
        ...(query ? { query } : {}),
        ...(json ? { body: jsonBody(json) } : {}),
      };
      const declared = {
        method,
        path,
        ...(typeof doc === 'string' ? { summary: doc } : doc),
        tags: [tag],
        security,
        ...(Object.keys(request).length > 0 ? { request } : {}),
        responses: { ...responses, ...errorResponses },
      };
      const status = Number(Object.keys(responses)[0]) as StatusOf<Res>;
      type Route = DeclaredRoute<M, P, T, Res>;
      // `c: unknown` gives `openapi` nothing to infer from, so it takes the path and input types
      // from the route itself (what the typed client sees).
      const handler = async (c: unknown): Promise<Answer<Out, StatusOf<Res>>> => {
        const context = c as Context<AppEnv>;
        const valid = (target: 'param' | 'query' | 'json'): object =>
          context.req.valid(target as never);
        const input = {
          ...(names.length > 0 ? valid('param') : {}),
          ...(query ? valid('query') : {}),
          ...(json ? valid('json') : {}),
        } as InputOf<P, T>;
        const scope = access === 'public' ? context.var.deps : context.var.ctx;
        const out = await serve(scope as Scope<A>, input, context);
        const answer =
          out instanceof Response
            ? out
            : status === 204
              ? context.body(null, 204)
              : context.json(out, status);
        return answer as Answer<Out, StatusOf<Res>>;
      };
      return [createRoute(declared as never) as Route, handler] as const;
    };
  const get = verb('get');
  /** A list that is never paged: `get` answering the service's rows as `onePage` of `item`. */
  const list = <const P extends string, const T extends Takes, S extends z.ZodType, Row>(
    path: P,
    doc: Doc,
    takes: T,
    item: S,
    description: string,
    rows: Serve<P, T, Row[], Scope<A>>,
  ) =>
    get(path, doc, takes, ok(pageOf(item), description), async (ctx, input, c) =>
      onePage(await rows(ctx, input, c)),
    );
  return Object.assign(route, {
    get,
    list,
    post: verb('post'),
    put: verb('put'),
    patch: verb('patch'),
    delete: verb('delete'),
  });
}
