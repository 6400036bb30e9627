import type { z } from 'zod';
import {
  ERROR_STATUS,
  ERROR_TITLES,
  type ErrorCode,
  type FieldError,
  type Problem,
} from '../../shared/errors.js';

/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the
 * CSRF token on writes, responses checked against the shared zod contracts (their dates decoded), and
 * problem+json errors turned into an `ApiError` that forms and screens can explain.
 */

/** A failed request: the server's problem body (or one made up for a network failure). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): ErrorCode {
    return this.problem.code;
  }

  /** Field messages keyed by the request path without its location: `body.emails.0.value` → `emails.0.value`. */
  fieldErrors(): Record<string, string> {
    return fieldErrorsOf(this.problem.errors ?? []);
  }
}

export function fieldErrorsOf(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = e.path.replace(/^(body|querystring|params)\.?/, '') || '_';
    out[key] ??= e.message;
  }
  return out;
}

/**
 * A zod parse's issues keyed like the server's field errors, so a form checked in the browser
 * puts its messages under the same inputs as the server's.
 * @example zodFieldErrors(OverrideInput.safeParse({ type: 'fling' }).error!.issues) has key 'reason'
 */
export function zodFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  return fieldErrorsOf(issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}

/**
 * A sentence for people: the title, and what is wrong with each field when the server says.
 * @example describeError(new ApiError({ code: 'FORBIDDEN', … })) === 'Your role does not allow this.'
 */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const { problem } = error;
  if (problem.errors?.length) {
    const fields = problem.errors.map((e) => `${humanPath(e.path)} ${e.message}`).join('; ');
    return `${problem.title}: ${fields}.`;
  }
  if (problem.detail && problem.detail !== problem.title && problem.code !== 'INTERNAL') {
    return `${problem.title}. ${problem.detail}`;
  }
  return `${problem.title}.`;
}

/** `body.emails.0.value` → `emails 1 value`: field paths as people read them. */
export function humanPath(path: string): string {
  return path
    .replace(/^(body|querystring|params)\.?/, '')
    .split('.')
    .map((part) =>
      /^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
    )
    .join(' ');
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The parts of a zod 4 schema definition `decodeDates` walks (zod's documented `_zod.def`). */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns the ISO strings of JSON into `Date`s exactly where the contract has `z.date()` — and
 * nowhere else, so a string field that holds a date-time (a saved view's filter bound, a touch
 * point's properties) stays a string. The result is then parsed by the same contract.
 * @example decodeDates(z.object({ at: z.date() }), { at: '2026-03-01T10:00:00Z' }).at instanceof Date
 */
export function decodeDates(schema: z.ZodType, value: unknown): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'date':
      return typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : value;
    case 'object': {
      if (!isRecord(value) || !def.shape) return value;
      const out: Record<string, unknown> = { ...value };
      for (const [key, field] of Object.entries(def.shape)) {
        if (key in value) out[key] = decodeDates(field, value[key]);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) && def.element ? value.map((v) => decodeDates(def.element!, v)) : value;
    case 'tuple': {
      // Positional items, then the rest (if the tuple has one) for anything after them.
      if (!Array.isArray(value)) return value;
      const items = def.items ?? [];
      return value.map((v, i) => {
        const item = items[i] ?? def.rest;
        return item ? decodeDates(item, v) : v;
      });
    }
    case 'record':
      return isRecord(value) && def.valueType
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeDates(def.valueType!, v)]))
        : value;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return value === null || value === undefined || !def.innerType
        ? value
        : decodeDates(def.innerType, value);
    case 'union':
      for (const option of def.options ?? []) {
        const decoded = decodeDates(option, value);
        if (option.safeParse(decoded).success) return decoded;
      }
      return value;
    case 'pipe':
      // z.preprocess is a pipe whose input is a transform: the dates are the output's.
      if (!def.in || !def.out) return value;
      return decodeDates(defOf(def.in).type === 'transform' ? def.out : def.in, value);
    case 'lazy':
      return def.getter ? decodeDates(def.getter(), value) : value;
    default:
      return value;
  }
}

let csrfToken: string | null = null;
let sessionExpired: (() => void) | null = null;

/** The session's CSRF token, sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once when a request that needed a session gets 401: the session ended or expired. */
export function onSessionExpired(handler: (() => void) | null): void {
  sessionExpired = handler;
}

export type QueryValue = string | number | boolean | Date | null | undefined | readonly string[];

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions<T> {
  query?: Record<string, QueryValue>;
  /** JSON body; or a Blob/File sent as is with `contentType`. */
  body?: unknown;
  contentType?: string;
  /** The contract the response must satisfy; without one the JSON is returned unchecked. */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
  /**
   * A request anyone may make without logging in (a customer answering their survey link): sent
   * without the session cookie or CSRF token, and a 401 never counts as the staff session ending.
   */
  anonymous?: boolean;
}

function networkProblem(path: string, error: unknown): Problem {
  return {
    type: 'about:blank',
    title: 'Rapport cannot be reached',
    status: 0,
    code: 'INTERNAL',
    detail: `Check your connection and try again (${error instanceof Error ? error.message : 'network error'}).`,
    instance: path,
  };
}

async function problemOf(res: Response, path: string): Promise<Problem> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body.code === 'string' && body.code in ERROR_STATUS) return body as Problem;
  } catch {
    // not JSON: a proxy's error page, say
  }
  const code: ErrorCode = res.status === 404 ? 'NOT_FOUND' : res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  return { type: 'about:blank', title: ERROR_TITLES[code], status: res.status, code, instance: path };
}

/** Sends one request to `/api/v1{path}`; resolves with the parsed body or rejects with an ApiError. */
export async function request<T = unknown>(
  method: string,
  path: string,
  opts: RequestOptions<T> = {},
): Promise<T> {
  const url = `/api/v1${path}${queryString(opts.query)}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) {
    body = opts.body;
    headers['content-type'] = opts.contentType ?? (opts.body.type || 'application/octet-stream');
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken && !opts.anonymous) headers['x-csrf-token'] = csrfToken;
  const credentials: RequestCredentials = opts.anonymous ? 'omit' : 'same-origin';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials, signal: opts.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(networkProblem(url, error));
  }
  if (!res.ok) {
    const problem = await problemOf(res, url);
    if (res.status === 401 && problem.code === 'UNAUTHENTICATED' && !opts.anonymous) sessionExpired?.();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  return opts.schema ? opts.schema.parse(decodeDates(opts.schema, data)) : (data as T);
}

type Opts<T> = Omit<RequestOptions<T>, 'schema' | 'body'>;

/** Shorthands: `api.get('/customers', pageOf(Customer), { query })`. */
export const api = {
  get: <T>(path: string, schema: z.ZodType<T>, opts: Opts<T> = {}) =>
    request<T>('GET', path, { ...opts, schema }),
  post: <T>(path: string, schema: z.ZodType<T> | null, body?: unknown, opts: Opts<T> = {}) =>
    request<T>('POST', path, { ...opts, body, ...(schema ? { schema } : {}) }),
  patch: <T>(path: string, schema: z.ZodType<T>, body: unknown, opts: Opts<T> = {}) =>
    request<T>('PATCH', path, { ...opts, body, schema }),
  put: <T>(path: string, schema: z.ZodType<T> | null, body: unknown, opts: Opts<T> = {}) =>
    request<T>('PUT', path, { ...opts, body, ...(schema ? { schema } : {}) }),
  delete: <T>(path: string, schema: z.ZodType<T> | null = null, opts: Opts<T> = {}) =>
    request<T>('DELETE', path, { ...opts, ...(schema ? { schema } : {}) }),
};
