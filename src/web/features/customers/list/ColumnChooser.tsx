import { Button, Checkbox, Divider, Popover, Stack, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { CUSTOMER_COLUMNS, type CustomerColumn } from '../../../../shared/contracts/saved-views.js';
import { COLUMN_LABELS } from './columns.js';

/**
 * Which columns the table shows: a checkbox per column (the last one cannot be unticked, a
 * table needs a column) and a way back to the default set.
 */
export function ColumnChooser({
  visible,
  onToggle,
  onReset,
}: {
  visible: readonly CustomerColumn[];
  onToggle: (column: CustomerColumn, show: boolean) => void;
  onReset: () => void;
}) {
  const shown = new Set(visible);
  return (
    <Popover position="bottom-end" shadow="md" width={240} trapFocus withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} aria-hidden />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
          <Text component="legend" size="sm" fw={600} mb="xs">
            Show columns
          </Text>
          <Stack gap={8}>
            {CUSTOMER_COLUMNS.map((column) => {
              const checked = shown.has(column);
              const last = checked && shown.size === 1;
              return (
                <Checkbox
                  key={column}
                  size="sm"
                  label={COLUMN_LABELS[column]}
                  checked={checked}
                  disabled={last}
                  title={last ? 'The table needs at least one column' : undefined}
                  onChange={(e) => onToggle(column, e.currentTarget.checked)}
                />
              );
            })}
          </Stack>
        </fieldset>
        <Divider my="sm" />
        <Button variant="subtle" size="compact-sm" onClick={onReset}>
          Reset to default columns
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
