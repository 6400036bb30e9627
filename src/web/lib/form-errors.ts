import { notifications } from '@mantine/notifications';
import { describeError } from './api.js';

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
