import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onSessionExpired } from './lib/api.js';
import { queryClient } from './lib/query-client.js';
import { sessionQuery } from './lib/session.js';
import { createAppRouter } from './router.js';
import { theme } from './theme.js';

const router = createAppRouter(queryClient);

// A 401 while logged in means the session ended (idle timeout, logout elsewhere, revoked):
// forget every cached record and ask to log in again, coming back to the same page.
onSessionExpired(() => {
  if (!queryClient.getQueryData(sessionQuery.queryKey)) return;
  const redirect = router.state.location.href;
  queryClient.clear();
  queryClient.setQueryData(sessionQuery.queryKey, null);
  void router.navigate({ to: '/login', search: { redirect, expired: true } });
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
