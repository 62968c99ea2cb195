import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { authenticated, errorResponses } from './openapi-schemas';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type RouteRequest = NonNullable<RouteConfig['request']>;
type RouteResponses = RouteConfig['responses'];

/** What a route declares itself; the tag, credentials and error responses come from its resource. */
export type RouteSpec<M extends Method, P extends string, Req, Res> = {
  method: M;
  path: P;
  summary: string;
  description?: string;
  request?: Req;
  responses: Res;
};

type DeclaredRoute<M extends Method, P extends string, Req, Res> = {
  method: M;
  path: P;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  request: Req;
  /** The error responses are in the document but not in the type: handlers throw `AppError`. */
  responses: Res;
};

/**
 * Declares the routes of one resource: each gets the resource's OpenAPI tag, the credentials it
 * accepts (`public` routes check their own, e.g. the session cookie) and every error response.
 * Method and path keep their literal types, so the typed client (`hc<AppType>`) sees each route.
 */
export function routesFor(tag: string, access: 'authenticated' | 'public' = 'authenticated') {
  const security = access === 'authenticated' ? authenticated : [];
  return <
    const M extends Method,
    const P extends string,
    Res extends RouteResponses,
    Req extends RouteRequest | undefined = undefined,
  >(
    spec: RouteSpec<M, P, Req, Res>,
  ) => {
    const declared = {
      ...spec,
      tags: [tag],
      security,
      responses: { ...spec.responses, ...errorResponses },
    } as DeclaredRoute<M, P, Req, Res>;
    return createRoute(declared);
  };
}
