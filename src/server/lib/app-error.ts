import { ERROR_STATUS, ERROR_TITLES, type ErrorCode, type FieldError } from '../../shared/errors.js';

/**
 * The one error class of the server. `details` goes to the problem body (never secrets);
 * `fields` names offending request fields.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly fields: FieldError[];

  constructor(
    code: ErrorCode,
    details: Record<string, unknown> = {},
    fields: FieldError[] = [],
    message?: string,
  ) {
    super(message ?? ERROR_TITLES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.fields = fields;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A validation failure on one field, e.g. `invalidField('body.email', 'is already used')`. */
export function invalidField(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ path, message }], `${path}: ${message}`);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
