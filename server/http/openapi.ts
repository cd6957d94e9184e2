/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod's own JSON
 * Schema output), so the document cannot drift from what the routes accept and return.
 */
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { errorResponseSchema } from '../schemas/common.js';
import { jobAcceptedSchema } from '../schemas/jobs.js';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.js';
import type { AnyRouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Object schema → one OpenAPI parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    description: property.description,
    schema: property,
  }));
}

const errorDescriptions: Record<number, string> = {
  400: 'Invalid request: `error.issues` names each field and problem',
  401: 'No credentials, or an unknown, revoked or expired bearer token or session',
  403: `The caller’s role may not do this, or a cookie-authenticated write lacks the session’s CSRF token in ${CSRF_HEADER}`,
  404: 'Unknown jurisdiction or resource',
  409: 'Edit conflict: the resource changed since it was read',
  410: 'Gone: the import preview has expired (and was deleted)',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Well-formed but unacceptable (e.g. a data package that fails validation; every problem listed)',
  429: 'Too many requests from this client',
  503: 'Not ready',
};

export function buildOpenApiDocument(routes: AnyRouteSpec[], version: string = packageJson.version): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const errorStatuses = new Set<number>([
      ...(route.params || route.query || route.body || route.multipartForm ? [400] : []),
      ...(route.errors ?? []),
    ]);
    if (route.access !== 'public') {
      errorStatuses.add(401);
      errorStatuses.add(403);
    }
    // Public routes count against the shared per-client budget, others against their own when they set one.
    if (route.access === 'public' || route.rateLimitPerMinute) errorStatuses.add(429);
    const accepted = {
      description: 'Accepted: the work runs as a job; poll GET /api/jobs/{id} (the Location header) for its progress and result',
      headers: { Location: { description: 'The job: /api/jobs/{id}', schema: { type: 'string' } } },
    };
    const responses: Record<string, JsonSchema> = {
      [String(route.successStatus ?? 200)]: {
        // A route that always answers with a job (successStatus 202) says where to poll, as one that may.
        ...(route.successStatus === 202 ? accepted : { description: 'Success' }),
        content: { [route.responseMediaType ?? 'application/json']: { schema: jsonSchema(route.response, 'output') } },
      },
    };
    if (route.mayAnswerWithJob) {
      responses['202'] = { ...accepted, content: { 'application/json': { schema: jsonSchema(jobAcceptedSchema, 'output') } } };
    }
    for (const status of [...errorStatuses].sort()) {
      responses[String(status)] = {
        description: errorDescriptions[status] ?? 'Error',
        content: { 'application/json': { schema: jsonSchema(errorResponseSchema, 'output') } },
      };
    }
    const operation: JsonSchema = {
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses,
      'x-required-role': route.access,
      // Public operations say so (an empty list); otherwise either scheme suffices (alternatives, not both).
      security: route.access === 'public' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
    };
    if (route.body) {
      const content: Record<string, JsonSchema> = { 'application/json': { schema: jsonSchema(route.body, 'input') } };
      for (const mediaType of route.bodyMediaTypes ?? []) content[mediaType] = { schema: { type: 'string', format: 'binary' } };
      operation.requestBody = { required: true, content };
    }
    if (route.multipartForm)
      operation.requestBody = { required: true, content: { 'multipart/form-data': { schema: route.multipartForm } } };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tuowei 托位 API',
      version,
      license: {
        name: 'Proprietary: all rights reserved by the Tuowei project (data keep their own licences, see data/README.md)',
        identifier: 'LicenseRef-Tuowei-Proprietary',
      },
      description:
        'Childcare (托育, ages 0–3) spatial planning: slots per 1,000 residents per township against the plan’s targets, the 15-minute walking service circle, and new-community compliance. Coordinates are WGS84 [longitude, latitude]; distances in metres; shares are fractions 0..1 unless a field says percent. Public routes need no credentials; every other route names its role (`x-required-role`) and accepts a bearer token (tools) or the session cookie of a signed-in user (web client), whose writes must also carry the CSRF token in ' +
        CSRF_HEADER +
        '.',
    },
    servers: [{ url: '/', description: 'This Tuowei service (paths are absolute: /api/…)' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'For tools: a token from `npm run token -- --role bureau --name NAME` or POST /api/admin/tokens.',
        },
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: `For the web client: the session cookie set by POST /api/session (HttpOnly, SameSite=Strict). Every write (POST, PUT, PATCH, DELETE) authenticated by the cookie must also send the session’s CSRF token (\`csrfToken\` of POST or GET /api/session) in the ${CSRF_HEADER} header, else 403.`,
        },
      },
    },
  };
}
