import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import {
  MAX_SOCIAL_MENTIONS,
  type SocialImportReport,
  type SocialImportRow,
  type SocialRowStatus,
} from '../../../../shared/contracts/case-social.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { describeError, humanPath } from '../../../lib/api.js';
import { importSocialFeed, readFeed, type SocialFeed } from './social.queries.js';

const STATUS_LABELS: Record<SocialRowStatus, string> = {
  created: 'New case',
  duplicate: 'Already imported',
  skipped: 'Skipped (not negative)',
  failed: 'Failed',
};
const STATUS_COLORS: Record<SocialRowStatus, string> = {
  created: 'green',
  duplicate: 'blue',
  skipped: 'gray',
  failed: 'red',
};

const EXAMPLE = 'network,handle,text,url,posted_at,name';

/**
 * Imports posts about the business from a social-monitoring feed: each one that reads as
 * negative becomes a complaint case on its author (matched by handle, else a new provisional
 * customer), once per URL, so complaints that never reached the company are worked too. The
 * report lists every row by its line (CSV) or position (JSON), with links to the cases.
 */
export function SocialImportPage() {
  const [source, setSource] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (feed: SocialFeed) => importSocialFeed(feed),
    onMutate: () => setProblem(null),
    onError: (err) => setProblem(describeError(err)),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = source === 'file' ? ((await file?.text()) ?? '') : pasted;
    const read = readFeed(text, source === 'file' ? (file?.name ?? null) : null);
    if (!read.ok) setProblem(read.error);
    else run.mutate(read.feed);
  };

  return (
    <>
      <PageHeader
        title="Import social mentions"
        subtitle="Posts that read as negative become complaint cases, so you can put things right before the customer gives up"
      />
      <Paper withBorder p="md" radius="md" mb="md">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              A CSV with the header <Code>{EXAMPLE}</Code> (name optional, times in ISO 8601, UTC when they
              have no offset), or JSON{' '}
              <Code>{'{"mentions": [{ "network", "handle", "text", "url", "postedAt" }]}'}</Code>. At most{' '}
              {MAX_SOCIAL_MENTIONS} mentions at a time; a mention already imported (the same URL) is never
              imported twice.
            </Text>
            <SegmentedControl
              w="fit-content"
              aria-label="Where the feed comes from"
              data={[
                { value: 'file', label: 'Upload a file' },
                { value: 'paste', label: 'Paste' },
              ]}
              value={source}
              onChange={(v) => {
                setSource(v as 'file' | 'paste');
                setProblem(null);
              }}
            />
            {source === 'file' ? (
              <FileInput
                label="Feed file"
                placeholder="Choose a .csv or .json file"
                accept=".csv,.json,text/csv,application/json"
                clearable
                value={file}
                onChange={(f) => {
                  setFile(f);
                  setProblem(null);
                }}
              />
            ) : (
              <Textarea
                label="Feed"
                placeholder={`${EXAMPLE}\nx,@sam,"Waited an hour, nobody answered",https://x.com/sam/status/1,2026-03-01T09:00:00Z,Sam`}
                autosize
                minRows={6}
                maxRows={20}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                value={pasted}
                onChange={(e) => {
                  setPasted(e.currentTarget.value);
                  setProblem(null);
                }}
              />
            )}
            {problem ? (
              <Alert color="red" role="alert" title="Nothing was imported">
                {problem}
              </Alert>
            ) : null}
            <Group>
              <Button type="submit" loading={run.isPending}>
                Import
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {run.data ? <ImportReport report={run.data} /> : null}
    </>
  );
}

function ImportReport({ report }: { report: SocialImportReport }) {
  const where = report.format === 'csv' ? 'Line' : 'Mention';
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Import report">
      <Text fw={600} mb="sm" role="status">
        {report.created} new {report.created === 1 ? 'case' : 'cases'}, {report.duplicates} already imported,{' '}
        {report.skipped} skipped, {report.failed} failed
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{where}</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Case</Table.Th>
              <Table.Th>Sentiment</Table.Th>
              <Table.Th>Problems</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((r) => (
              <ReportRow key={`${r.line}-${r.status}`} row={r} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function ReportRow({ row: r }: { row: SocialImportRow }) {
  return (
    <Table.Tr>
      <Table.Td>{r.line}</Table.Td>
      <Table.Td>
        <Badge size="sm" variant="light" tt="none" color={STATUS_COLORS[r.status]}>
          {STATUS_LABELS[r.status]}
        </Badge>
        {r.customerCreated ? (
          <Text size="xs" c="dimmed">
            new provisional customer
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {r.caseId ? (
          <Anchor
            size="sm"
            ff="monospace"
            renderRoot={(root) => <Link to="/cases/$caseId" params={{ caseId: r.caseId! }} {...root} />}
          >
            {r.reference}
          </Anchor>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>{r.sentiment ? `${r.sentiment.label} (${r.sentiment.score.toFixed(2)})` : '—'}</Table.Td>
      <Table.Td>
        {r.problems?.length ? (
          <Stack gap={2}>
            {r.problems.map((p) => (
              <Text key={p.path} size="sm" c="red.8">
                {humanPath(p.path.replace(/^body\.mentions\.\d+\.?/, '')) || 'mention'} {p.message}
              </Text>
            ))}
          </Stack>
        ) : (
          '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}
