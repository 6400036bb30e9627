import { Alert, Button, Group, List, Paper, Select, Text, TextInput } from '@mantine/core';
import { IconUserCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { CaseBulkAction, CaseBulkResult } from '../../../../shared/contracts/case-bulk.js';
import { CASE_SEVERITIES, CASE_STATUSES, type Case } from '../../../../shared/contracts/cases.js';
import type { Colleague } from '../../../../shared/contracts/users.js';
import { CASE_SEVERITY_LABELS, CASE_STATUS_LABELS } from '../cases.labels.js';

/** A bulk run's failures, each with the case's reference and why. */
export interface BulkFailure {
  id: string;
  reference: string;
  message: string;
}

/** The failures of a bulk result, named by the references of the cases asked about. */
export function failuresOf(result: CaseBulkResult, cases: readonly Case[]): BulkFailure[] {
  const refs = new Map(cases.map((c) => [c.id, c.reference]));
  return result.results
    .filter((r) => !r.ok)
    .map((r) => {
      const p = r.problem;
      const fields = p?.errors?.map((e) => e.message).join('; ');
      return {
        id: r.id,
        reference: refs.get(r.id) ?? r.id,
        message: p ? `${p.title}${fields ? `: ${fields}` : ''}` : 'Not changed',
      };
    });
}

/**
 * What can be done to the selected cases at once: assign them to me, to a colleague or to a
 * team's queue, move them to a status, set their severity, add a tag.
 * `onRun` sends the action; the failures of the last run are listed by reference.
 */
export function BulkBar({
  count,
  users,
  teams,
  meId,
  running,
  failures,
  onRun,
  onClear,
}: {
  count: number;
  users: Colleague[] | null;
  teams: string[];
  meId: string;
  running: boolean;
  failures: BulkFailure[];
  onRun: (action: CaseBulkAction, label: string) => void;
  onClear: () => void;
}) {
  const [tag, setTag] = useState('');
  const [team, setTeam] = useState('');
  const addTag = () => {
    const t = tag.trim();
    if (!t) return;
    onRun({ type: 'addTags', tags: [t] }, `Tag “${t}” added`);
    setTag('');
  };
  const toTeam = () => {
    const t = team.trim();
    if (!t) return;
    onRun({ type: 'assign', assigneeUserId: null, team: t }, `Queued for ${t}`);
    setTeam('');
  };
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      component="section"
      aria-label="Bulk actions"
      bg="var(--mantine-color-blue-light)"
    >
      <Group gap="xs" wrap="wrap" align="flex-end">
        <Text size="sm" fw={600} aria-live="polite">
          {count} selected
        </Text>
        <Button
          size="xs"
          leftSection={<IconUserCheck size={14} aria-hidden />}
          loading={running}
          onClick={() => onRun({ type: 'assign', assigneeUserId: meId }, 'Assigned to you')}
        >
          Assign to me
        </Button>
        {users ? (
          <Select
            size="xs"
            w={170}
            aria-label="Assign to a user"
            placeholder="Assign to a user"
            searchable
            value={null}
            data={users.map((u) => ({ value: u.id, label: u.name }))}
            onChange={(id) => {
              const user = users.find((u) => u.id === id);
              if (user) onRun({ type: 'assign', assigneeUserId: user.id }, `Assigned to ${user.name}`);
            }}
            disabled={running}
          />
        ) : null}
        <Group gap={4} wrap="nowrap" align="flex-end">
          <TextInput
            size="xs"
            w={150}
            aria-label="Team"
            placeholder="Team"
            list="case-bulk-teams"
            value={team}
            onChange={(e) => setTeam(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') toTeam();
            }}
            disabled={running}
          />
          <datalist id="case-bulk-teams">
            {teams.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <Button size="xs" variant="default" onClick={toTeam} disabled={running || !team.trim()}>
            Queue for team
          </Button>
        </Group>
        <Select
          size="xs"
          w={180}
          aria-label="Change status"
          placeholder="Change status"
          value={null}
          data={CASE_STATUSES.filter((s) => s !== 'new').map((s) => ({
            value: s,
            label: CASE_STATUS_LABELS[s],
          }))}
          onChange={(s) => {
            const status = CASE_STATUSES.find((x) => x === s);
            if (status) onRun({ type: 'status', status }, `Moved to ${CASE_STATUS_LABELS[status]}`);
          }}
          disabled={running}
        />
        <Select
          size="xs"
          w={130}
          aria-label="Set severity"
          placeholder="Severity"
          value={null}
          data={CASE_SEVERITIES.map((s) => ({ value: s, label: CASE_SEVERITY_LABELS[s] }))}
          onChange={(s) => {
            const severity = CASE_SEVERITIES.find((x) => x === s);
            if (severity) onRun({ type: 'severity', severity }, `Severity ${CASE_SEVERITY_LABELS[severity]}`);
          }}
          disabled={running}
        />
        <Group gap={4} wrap="nowrap" align="flex-end">
          <TextInput
            size="xs"
            w={120}
            aria-label="Tag to add"
            placeholder="Tag"
            maxLength={50}
            value={tag}
            onChange={(e) => setTag(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') addTag();
            }}
            disabled={running}
          />
          <Button size="xs" variant="default" onClick={addTag} disabled={running || !tag.trim()}>
            Add tag
          </Button>
        </Group>
        <Button size="xs" variant="subtle" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
      {failures.length ? (
        <Alert color="red" mt="xs" p="xs" title={`${failures.length} not changed`} role="alert">
          <List size="sm" aria-label="Cases not changed">
            {failures.map((f) => (
              <List.Item key={f.id}>
                <Text span size="sm" fw={600} ff="monospace">
                  {f.reference}
                </Text>
                : {f.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Paper>
  );
}
