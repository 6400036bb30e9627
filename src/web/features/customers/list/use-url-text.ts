import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A text input bound to a URL field without a navigation per keystroke: typing is local and
 * reaches the URL after `delay` ms of quiet (or at once with `flush`, e.g. on Enter); a change
 * of the URL from elsewhere (the header search, a chip, a saved view) replaces the text.
 */
export function useUrlText(
  urlValue: string | undefined,
  apply: (value: string | undefined) => void,
  delay = 250,
) {
  const [text, setText] = useState(urlValue ?? '');
  const [debounced] = useDebouncedValue(text, delay);
  // The value last sent to (or seen in) the URL, so our own navigation does not echo back.
  const applied = useRef(urlValue ?? '');
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    const value = urlValue ?? '';
    if (value !== applied.current) {
      applied.current = value;
      setText(value);
    }
  }, [urlValue]);

  // Reads refs only, so it is stable and the effect below runs once per debounced value.
  const send = useCallback((raw: string) => {
    const value = raw.trim();
    if (value === applied.current) return;
    applied.current = value;
    applyRef.current(value || undefined);
  }, []);

  useEffect(() => send(debounced), [debounced, send]);

  return { text, setText, flush: () => send(text) };
}
