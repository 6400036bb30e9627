/**
 * The closed set of error codes Rapport answers with, their HTTP status, and the wire shape
 * (RFC 9457 problem details). Shared by the server's error handler, the CLI and the web client.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  CSRF_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  COMPANY_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  TOUCHPOINT_NOT_FOUND: 404,
  TOUCHPOINT_TYPE_NOT_FOUND: 404,
  NOTE_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  WORKSPACE_NOT_FOUND: 404,
  SAVED_VIEW_NOT_FOUND: 404,
  VISIT_NOT_FOUND: 404,
  MERGE_NOT_FOUND: 404,
  CANDIDATE_NOT_FOUND: 404,
  VALUE_RUN_NOT_FOUND: 404,
  RELATIONSHIP_RUN_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  COMPENSATION_NOT_FOUND: 404,
  SURVEY_LINK_NOT_FOUND: 404,
  SURVEY_LINK_EXPIRED: 410,
  MERGE_BLOCKED: 409,
  MERGE_UNDO_BLOCKED: 409,
  CONFLICT: 409,
  POLICY_BLOCKED: 409,
  EMAIL_TAKEN: 409,
  IDENTITY_CONFLICT: 409,
  SKU_TAKEN: 409,
  EXTERNAL_ID_TAKEN: 409,
  MESSAGE_ID_TAKEN: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  INVALID_TRANSITION: 409,
  CASE_NOT_SUGGESTION: 409,
  ATTACHMENT_TOO_LARGE: 413,
  WORKSPACE_AMBIGUOUS: 400,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  BAD_REQUEST: 'Bad request',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNAUTHENTICATED: 'You need to log in',
  INVALID_CREDENTIALS: 'E-mail or password is wrong',
  ACCOUNT_LOCKED: 'Too many failed logins; the account is locked for a while',
  CSRF_TOKEN_INVALID: 'The CSRF token is missing or wrong',
  FORBIDDEN: 'Your role does not allow this',
  NOT_FOUND: 'Not found',
  CUSTOMER_NOT_FOUND: 'Customer not found',
  COMPANY_NOT_FOUND: 'Company not found',
  PRODUCT_NOT_FOUND: 'Product not found',
  ORDER_NOT_FOUND: 'Order not found',
  TOUCHPOINT_TYPE_NOT_FOUND: 'Touch-point type not found',
  TOUCHPOINT_NOT_FOUND: 'Touch point not found',
  NOTE_NOT_FOUND: 'Note not found',
  TASK_NOT_FOUND: 'Task not found',
  USER_NOT_FOUND: 'User not found',
  API_KEY_NOT_FOUND: 'API key not found',
  IMPORT_NOT_FOUND: 'Import not found',
  WORKSPACE_NOT_FOUND: 'Workspace not found',
  SAVED_VIEW_NOT_FOUND: 'Saved view not found',
  VISIT_NOT_FOUND: 'Visit not found',
  MERGE_NOT_FOUND: 'Merge not found',
  CANDIDATE_NOT_FOUND: 'Duplicate candidate not found',
  VALUE_RUN_NOT_FOUND: 'Value run not found',
  RELATIONSHIP_RUN_NOT_FOUND: 'Relationship run not found',
  CASE_NOT_FOUND: 'Case not found',
  COMPENSATION_NOT_FOUND: 'Compensation not found',
  SURVEY_LINK_NOT_FOUND: 'This survey link is not valid',
  SURVEY_LINK_EXPIRED: 'This survey link has expired',
  MERGE_BLOCKED: 'These customers cannot be merged',
  POLICY_BLOCKED: 'The relationship policy blocks this action',
  MERGE_UNDO_BLOCKED: 'This merge cannot be undone now',
  CONFLICT: 'Conflict',
  EMAIL_TAKEN: 'That e-mail address is already in use',
  IDENTITY_CONFLICT: 'That identity belongs to another customer',
  SKU_TAKEN: 'A product with that SKU exists',
  EXTERNAL_ID_TAKEN: 'A record with that external id exists',
  MESSAGE_ID_TAKEN: 'A touch point with that message id exists',
  IDEMPOTENCY_KEY_REUSED: 'That idempotency key was used for a different submission',
  INVALID_TRANSITION: 'That status change is not allowed',
  CASE_NOT_SUGGESTION: 'Only a suggestion has an outcome',
  ATTACHMENT_TOO_LARGE: 'The attachments are too large',
  WORKSPACE_AMBIGUOUS: 'That e-mail belongs to several workspaces; name the workspace',
  RATE_LIMITED: 'Too many requests',
  NOT_READY: 'Not ready',
  INTERNAL: 'Something went wrong on our side',
};

/** One invalid field: its path in the request (e.g. `body.emails.0.value`) and what is wrong. */
export interface FieldError {
  path: string;
  message: string;
}

/** The `application/problem+json` body every error response carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}
