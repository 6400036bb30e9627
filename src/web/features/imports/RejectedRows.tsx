import { Badge, Button, Chip, Group, Pagination, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportRejection, ImportRejectionCode } from '../../../shared/contracts/imports.js';
import { useFormat } from '../../lib/use-format.js';
import { saveBlob } from './download.js';
import { REJECTION_LABELS } from './import-fields.js';
import classes from './imports.module.css';
import { countByCode, rejectedFileName, rejectedRowsCsv } from './rejections.js';

/** Rejected rows per page of the table. */
export const REJECTED_PAGE_SIZE = 25;

/**
 * The rejected rows of a run: counts per code (each a filter), the rows by line, and the
 * download. The server keeps the first 1,000 rejections with the run; `total` counts them all.
 */
export function RejectedRows({
  rejected,
  total,
  fileName,
}: {
  rejected: readonly ImportRejection[];
  total: number;
  fileName: string;
}) {
  const fmt = useFormat();
  const [code, setCode] = useState<ImportRejectionCode | null>(null);
  const [page, setPage] = useState(1);
  const counts = countByCode(rejected);
  const shown = code ? rejected.filter((r) => r.code === code) : rejected;
  const pages = Math.max(1, Math.ceil(shown.length / REJECTED_PAGE_SIZE));
  const current = Math.min(page, pages);
  const slice = shown.slice((current - 1) * REJECTED_PAGE_SIZE, current * REJECTED_PAGE_SIZE);
  const partial = rejected.length < total;

  const download = () => {
    // A BOM so spreadsheet apps read the file as UTF-8; Rapport's importer ignores it.
    const blob = new Blob(['\uFEFF', rejectedRowsCsv(rejected)], { type: 'text/csv;charset=utf-8' });
    saveBlob(blob, rejectedFileName(fileName));
  };

  return (
    <section aria-labelledby="import-rejected-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <div>
            <Title order={2} size="h4" id="import-rejected-title">
              Rejected rows ({fmt.number(total)})
            </Title>
            <Text size="sm" c="dimmed">
              {partial
                ? `The first ${fmt.number(rejected.length)} of ${fmt.number(total)} rejected rows are listed and in the download; the CLI report (rapport import) lists them all.`
                : 'Fix these lines in the file and import it again: rows already imported are matched, not duplicated.'}
            </Text>
          </div>
          <Button variant="light" leftSection={<IconDownload size={16} />} onClick={download}>
            {partial
              ? `Download the first ${fmt.number(rejected.length)} rejected rows (CSV)`
              : 'Download rejected rows (CSV)'}
          </Button>
        </Group>

        {counts.length > 1 || partial ? (
          <Chip.Group
            multiple={false}
            value={code ?? ''}
            onChange={(v) => {
              setCode(v ? (v as ImportRejectionCode) : null);
              setPage(1);
            }}
          >
            <Group gap="xs" role="group" aria-label="Filter rejected rows by reason">
              {partial ? (
                <Text size="sm" c="dimmed">
                  Among the first {fmt.number(rejected.length)}:
                </Text>
              ) : null}
              <Chip value="" size="sm" variant="outline">
                All
              </Chip>
              {counts.map((c) => (
                <Tooltip key={c.code} label={REJECTION_LABELS[c.code]} withArrow>
                  <Chip value={c.code} size="sm" variant="outline">
                    {c.code} × {fmt.number(c.count)}
                  </Chip>
                </Tooltip>
              ))}
            </Group>
          </Chip.Group>
        ) : (
          <Group gap="xs">
            {counts.map((c) => (
              <Badge key={c.code} variant="light" color="red" tt="none">
                {c.code} × {fmt.number(c.count)}
              </Badge>
            ))}
          </Group>
        )}

        <Table.ScrollContainer minWidth={560}>
          <Table
            aria-label="Rejected rows"
            striped
            withTableBorder
            verticalSpacing="xs"
            className={classes.topAligned}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>Line</Table.Th>
                <Table.Th w="20%">Column</Table.Th>
                <Table.Th w="20%">Reason</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {slice.map((r) => (
                // One rejection per row, so its line (with the code, to be safe) names it.
                <Table.Tr key={`${r.line}:${r.code}:${r.column}`}>
                  <Table.Td className={classes.lineCell}>{r.line}</Table.Td>
                  <Table.Td className={classes.cell}>
                    {r.column ?? (
                      <Text span c="dimmed" size="sm">
                        (whole row)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text span className={classes.mono}>
                      {r.code}
                    </Text>
                  </Table.Td>
                  <Table.Td className={classes.cell}>{r.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {pages > 1 ? (
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed">
              Rows {fmt.number((current - 1) * REJECTED_PAGE_SIZE + 1)}–
              {fmt.number(Math.min(current * REJECTED_PAGE_SIZE, shown.length))} of {fmt.number(shown.length)}
            </Text>
            <Pagination
              total={pages}
              value={current}
              onChange={setPage}
              size="sm"
              getControlProps={(control) => ({
                'aria-label': `${control[0]?.toUpperCase()}${control.slice(1)} page`,
              })}
              getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
            />
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}
