import type { IncomingMessage, ServerResponse } from 'node:http';
import type {} from '@fastify/cookie';
import type {} from '@fastify/rate-limit';
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerDefault,
} from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import {
  ERROR_STATUS,
  ERROR_TITLES,
  type ErrorCode,
  type FieldError,
  type Problem,
} from '../../shared/errors.js';
import type { Actor } from './actor.js';
import { AppError } from './app-error.js';

/** The Fastify instance type every routes file registers on. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public API route. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Route needs no login (health, login, public forms). */
    public?: boolean;
  }
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FK_VIOLATION = '23503';

export function problemOf(code: ErrorCode, extra: Partial<Problem> = {}): Problem {
  return {
    type: `https://rapport.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    code,
    ...extra,
  };
}

/**
 * The invalid fields of one issue. A key a strict schema does not know is named by its own
 * path (`body.workspaceId`), not the object's, so the client sees which field was refused.
 */
function issueFields(
  prefix: string,
  path: readonly PropertyKey[],
  message: string,
  keys?: unknown,
): FieldError[] {
  const at = (p: readonly PropertyKey[]) => [prefix, ...p.map(String)].filter(Boolean).join('.');
  if (Array.isArray(keys) && keys.length) {
    return keys.map((k) => ({
      path: at([...path, String(k)]),
      message: 'is not a field that can be set here',
    }));
  }
  return [{ path: at(path), message }];
}

function zodFields(err: ZodError, prefix: string): FieldError[] {
  return err.issues.flatMap((i) =>
    issueFields(prefix, i.path, i.message, i.code === 'unrecognized_keys' ? i.keys : undefined),
  );
}

/** Maps anything thrown to a problem body; unknown errors become INTERNAL and are logged. */
export function toProblem(error: unknown, req: FastifyRequest): Problem {
  const base = { instance: req.url, requestId: String(req.id) };
  if (error instanceof AppError) {
    return problemOf(error.code, {
      ...base,
      detail: error.message,
      ...(error.fields.length ? { errors: error.fields } : {}),
      ...error.details,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.flatMap((v) =>
      issueFields(
        context,
        v.instancePath.split('/').filter(Boolean),
        v.message ?? 'is invalid',
        v.keyword === 'unrecognized_keys' ? v.params.keys : undefined,
      ),
    );
    return problemOf('VALIDATION_FAILED', {
      ...base,
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  if (error instanceof ZodError) {
    const errors = zodFields(error, 'body');
    return problemOf('VALIDATION_FAILED', {
      ...base,
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  // Drizzle wraps driver errors; the SQLSTATE is on the cause.
  const pgCode =
    (error as { code?: unknown } | null)?.code ??
    (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (pgCode === PG_UNIQUE_VIOLATION) {
    return problemOf('CONFLICT', { ...base, detail: 'A record with the same unique key exists' });
  }
  if (pgCode === PG_FK_VIOLATION) {
    return problemOf('VALIDATION_FAILED', { ...base, detail: 'A referenced record does not exist' });
  }
  const fe = error as Partial<FastifyError> | null;
  if (fe?.statusCode === 413 || fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return problemOf('PAYLOAD_TOO_LARGE', { ...base, detail: fe.message });
  }
  if (fe?.statusCode === 429) return problemOf('RATE_LIMITED', { ...base, detail: fe.message });
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return problemOf(fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', {
      ...base,
      status: fe.statusCode,
      detail: fe.message,
    });
  }
  return problemOf('INTERNAL', base);
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
