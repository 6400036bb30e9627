import { Anchor, Code, Group, List, Popover, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { IMPORT_KINDS, IMPORT_REQUIRED_COLUMNS, type ImportKind } from '../../../shared/contracts/imports.js';
import { saveBlob } from './download.js';
import { FileDrop } from './FileDrop.js';
import { templateCsv } from './file-check.js';
import { fieldLabel, KIND_INFO } from './import-fields.js';
import { aliasesOf } from './mapping.js';

/** The columns a kind of file needs, with the headers each is recognised by. */
function RequiredColumns({ kind }: { kind: ImportKind }) {
  const required = IMPORT_REQUIRED_COLUMNS[kind] as readonly (readonly string[])[];
  return (
    <Stack gap="xs" maw={360}>
      <Text size="sm" fw={600}>
        A {KIND_INFO[kind].label.toLowerCase()} file needs
      </Text>
      <List size="sm" spacing={4}>
        {required.map((alternatives) => (
          <List.Item key={alternatives.join('|')}>
            {alternatives.map((f, i) => (
              <span key={f}>
                {i > 0 ? (i === alternatives.length - 1 ? ' or ' : ', ') : null}
                <strong>{fieldLabel(kind, f)}</strong>
              </span>
            ))}
            <Text size="xs" c="dimmed">
              headers: {alternatives.flatMap((f) => aliasesOf(kind, f)).join(', ')}
            </Text>
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed">
        Example header:
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {KIND_INFO[kind].example}
      </Code>
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => saveBlob(templateCsv(KIND_INFO[kind].example), `${kind}-template.csv`)}
      >
        <Group gap={4} component="span">
          <IconDownload size={14} aria-hidden />
          Download a template
        </Group>
      </Anchor>
    </Stack>
  );
}

/** Step 1: what the file holds, and the file. */
export function ChooseStep({
  kind,
  onKind,
  onFile,
  fileError,
  reading,
}: {
  kind: ImportKind;
  onKind: (kind: ImportKind) => void;
  onFile: (file: File) => void;
  fileError: string | null;
  reading: boolean;
}) {
  return (
    <Stack gap="lg">
      <Radio.Group
        value={kind}
        onChange={(v) => onKind(v as ImportKind)}
        label="What does the file hold?"
        labelProps={{ mb: 'xs' }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          {IMPORT_KINDS.map((k) => (
            <Stack key={k} gap={4}>
              <Radio.Card
                value={k}
                p="md"
                radius="md"
                h="100%"
                style={{ display: 'flex', alignItems: 'flex-start' }}
              >
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <div>
                    <Text fw={600}>{KIND_INFO[k].label}</Text>
                    <Text size="sm" c="dimmed">
                      {KIND_INFO[k].description}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
              <Popover position="bottom-start" withArrow shadow="md" width={360}>
                <Popover.Target>
                  <Anchor component="button" type="button" size="xs" ml="md" w="fit-content">
                    Required columns for {KIND_INFO[k].label.toLowerCase()}
                  </Anchor>
                </Popover.Target>
                <Popover.Dropdown>
                  <RequiredColumns kind={k} />
                </Popover.Dropdown>
              </Popover>
            </Stack>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <FileDrop onFile={onFile} error={fileError} disabled={reading} />
    </Stack>
  );
}
