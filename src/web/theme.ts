import { createTheme } from '@mantine/core';

/**
 * Rapport's look: Mantine's defaults with a calm blue, system fonts (nothing fetched from the
 * network) and focus rings on every keyboard focus.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 7, dark: 5 },
  focusRing: 'auto',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
});
