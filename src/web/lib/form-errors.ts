import { notifications } from '@mantine/notifications';
import { ApiError, describeError } from './api.js';

/**
 * After a form's failed request has put its field errors under their inputs: what belongs to no
 * input (`rest`), or the whole error when no input got one, is said once, as a notification.
 */
export function notifyUnplacedErrors(
  title: string,
  error: unknown,
  placed: Record<string, string | undefined>,
  rest: readonly string[],
): void {
  if (rest.length || Object.keys(placed).length === 0) {
    notifications.show({
      color: 'red',
      title,
      message: rest.length ? rest.join('; ') : describeError(error),
    });
  }
}

/**
 * A failed write's field errors by the form's inputs — `avoid.2` belongs to the `avoid` input —
 * with whatever belongs to none said once, as a notification. Returns the errors to put under
 * the inputs.
 */
export function placeFormErrors<F extends string>(
  title: string,
  error: unknown,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const placed: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const [key, message] of Object.entries(error instanceof ApiError ? error.fieldErrors() : {})) {
    const field = fields.find((f) => key === f || key.startsWith(`${f}.`));
    if (field) placed[field] ??= message;
    else rest.push(`${key} ${message}`);
  }
  notifyUnplacedErrors(title, error, placed, rest);
  return placed;
}
