import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconClockHour4 } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { LoginBody, SessionInfo } from '../../../shared/contracts/users.js';
import { ApiError, api, describeError, fieldErrorsOf, setCsrfToken } from '../../lib/api.js';
import { sessionQuery } from '../../lib/session.js';

const route = getRouteApi('/login');

/** Only same-site paths: a crafted `?redirect=https://evil.example` must not send anyone away. */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/';
  return target;
}

export function LoginPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspace, setWorkspace] = useState('');
  const [needsWorkspace, setNeedsWorkspace] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Log in · Rapport';
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      email: email.trim(),
      password,
      ...(workspace.trim() ? { workspace: workspace.trim() } : {}),
    };
    const parsed = LoginBody.safeParse(body);
    if (!parsed.success) {
      setFields(
        fieldErrorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
      );
      setError(null);
      return;
    }
    setBusy(true);
    setFields({});
    setError(null);
    try {
      const session = await api.post('/auth/login', SessionInfo, parsed.data);
      setCsrfToken(session.csrfToken);
      queryClient.clear();
      queryClient.setQueryData(sessionQuery.queryKey, session);
      await navigate({ href: safeRedirect(search.redirect), replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'WORKSPACE_AMBIGUOUS') setNeedsWorkspace(true);
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') setFields(err.fieldErrors());
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const locked = error instanceof ApiError && error.code === 'ACCOUNT_LOCKED';
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Rapport
              </Title>
              <Text c="dimmed" size="sm">
                Log in to your workspace
              </Text>
            </div>
            {search.expired && !error ? (
              <Alert color="blue" icon={<IconClockHour4 size={18} />} role="status">
                Your session has ended. Log in again to carry on where you were.
              </Alert>
            ) : null}
            {error ? (
              <Alert
                color={locked ? 'orange' : 'red'}
                icon={<IconAlertTriangle size={18} />}
                title={locked ? 'Account locked' : 'Could not log in'}
                role="alert"
              >
                {locked
                  ? `${describeError(error)} Wait a few minutes, or ask an admin to reset your password.`
                  : describeError(error)}
              </Alert>
            ) : null}
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fields.email}
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fields.password}
            />
            {needsWorkspace ? (
              <TextInput
                label="Workspace"
                description="This e-mail is in several workspaces; give the workspace's short name."
                value={workspace}
                onChange={(e) => setWorkspace(e.currentTarget.value)}
                error={fields.workspace}
              />
            ) : null}
            <Button type="submit" loading={busy} fullWidth>
              Log in
            </Button>
            <Text size="xs" c="dimmed">
              Forgot your password? An admin can reset it, or run{' '}
              <Anchor component="span" size="xs" ff="monospace">
                npm run rapport -- users set-password
              </Anchor>
              .
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
