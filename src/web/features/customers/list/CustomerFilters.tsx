import {
  Badge,
  Button,
  Group,
  Input,
  NumberInput,
  Pill,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { Channel } from '../../../../shared/contracts/common.js';
import { VALUE_TIERS, type ValueTier } from '../../../../shared/contracts/value.js';
import { useFormat } from '../../../lib/use-format.js';
import { minorPerMajor } from '../../dashboard/dashboard.charts.js';
import { useCatalogue } from '../../touchpoint-catalogue/catalogue.js';
import { TIER_LABELS, tierRange } from '../../value/value.labels.js';
import type { CustomersSearch } from '../customers.search.js';
import { dayOf, endOfDay, startOfDay } from './dates.js';
import {
  ACTIVITY_PRESET_LABELS,
  ACTIVITY_PRESETS,
  type ActivityPreset,
  activityPresetOf,
  activityPresetRange,
  type FilterChip,
  filterChips,
  majorToMinor,
  minorToMajor,
  pAliveOptions,
} from './list-query.js';
import { useUrlText } from './use-url-text.js';

type Patch = (patch: Partial<CustomersSearch>) => void;

const ACTIVITY_OPTIONS = ACTIVITY_PRESETS.map((p) => ({ value: p, label: ACTIVITY_PRESET_LABELS[p] }));
const OPEN_TASK_OPTIONS = [
  { value: 'any', label: 'Any' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

const TIER_OPTIONS = VALUE_TIERS.map((t) => ({ value: t, label: `${TIER_LABELS[t]} (${tierRange(t)})` }));

/** Years typed digit by digit pass through 0002, 0020, 0202: only a plausible year is applied. */
const MIN_YEAR = 1900;

/**
 * A calendar-day input for an instant in the URL: shows the instant's day in the workspace's
 * zone and writes the start (`from`) or last millisecond (`to`, the server's bounds are
 * inclusive) of the picked day. Keeps its own text so a half-typed date is not overwritten.
 */
function DayInput({
  label,
  value,
  edge,
  timeZone,
  onChange,
}: {
  label: string;
  value: string | undefined;
  edge: 'start' | 'end';
  timeZone: string;
  onChange: (iso: string | undefined) => void;
}) {
  const urlDay = value ? dayOf(value, timeZone) : '';
  const [day, setDay] = useState(urlDay);
  useEffect(() => setDay(urlDay), [urlDay]);
  return (
    <TextInput
      type="date"
      label={label}
      value={day}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setDay(next);
        if (next === '') {
          onChange(undefined);
          return;
        }
        if (Number(next.slice(0, 4)) < MIN_YEAR) return;
        const instant = edge === 'start' ? startOfDay(next, timeZone) : endOfDay(next, timeZone);
        if (instant) onChange(instant.toISOString());
      }}
    />
  );
}

/** The tag filter: typed like the search, applied after a pause. */
function TagInput({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (tag: string | undefined) => void;
}) {
  const tag = useUrlText(value, onChange, 400);
  return (
    <TextInput
      label="Tag"
      placeholder="e.g. vip"
      value={tag.text}
      onChange={(e) => tag.setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') tag.flush();
      }}
      maxLength={50}
    />
  );
}

/**
 * The minimum-CLV filter: typed in major units of the workspace currency, sent (and kept in the
 * URL) as minor units like every amount of the API; applied after a pause, like the tag.
 */
function MinClvInput({
  value,
  currency,
  onChange,
}: {
  value: number | undefined;
  currency: string;
  onChange: (minor: number | undefined) => void;
}) {
  const text = useUrlText(
    value === undefined ? undefined : minorToMajor(value, currency),
    (typed) => onChange(typed === undefined ? undefined : majorToMinor(typed, currency)),
    400,
  );
  return (
    <NumberInput
      label={`Minimum CLV (${currency})`}
      description="Predicted lifetime value at least this"
      placeholder="e.g. 500"
      value={text.text}
      onChange={(v) => text.setText(String(v))}
      onKeyDown={(e) => {
        if (e.key === 'Enter') text.flush();
      }}
      min={0}
      decimalScale={Math.round(Math.log10(minorPerMajor(currency)))}
      allowNegative={false}
      hideControls
    />
  );
}

/** Every filter of the list, in one popover; each change applies at once (to the URL). */
export function FiltersButton({ search, onPatch }: { search: CustomersSearch; onPatch: Patch }) {
  const fmt = useFormat();
  const catalogue = useCatalogue();
  const [customActivity, setCustomActivity] = useState(false);
  const urlPreset = activityPresetOf(search, new Date(), fmt.timeZone);
  const preset: ActivityPreset = customActivity ? 'custom' : urlPreset;
  const count = filterChips(search, fmt.date, fmt.timeZone).length;
  const openTask = search.hasOpenTask === undefined ? 'any' : search.hasOpenTask ? 'yes' : 'no';

  return (
    <Popover position="bottom-start" shadow="md" width={320} trapFocus withinPortal>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconFilter size={16} aria-hidden />}
          rightSection={
            count ? (
              <Badge size="sm" circle aria-label={`${count} active`}>
                {count}
              </Badge>
            ) : null
          }
        >
          Filters
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Select
            label="Channel"
            description="Has met us on this channel"
            placeholder="Any channel"
            data={catalogue.channelOptions(search.channel)}
            value={search.channel ?? null}
            onChange={(v) => onPatch({ channel: (v as Channel | null) ?? undefined })}
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <TagInput value={search.tag} onChange={(tag) => onPatch({ tag })} />
          <Select
            label="Last activity"
            description="Latest touch point or order"
            data={ACTIVITY_OPTIONS}
            value={preset}
            allowDeselect={false}
            onChange={(v) => {
              const next = (v ?? 'any') as ActivityPreset;
              setCustomActivity(next === 'custom');
              if (next !== 'custom') onPatch(activityPresetRange(next, new Date(), fmt.timeZone));
            }}
            comboboxProps={{ withinPortal: false }}
          />
          {preset === 'custom' ? (
            <Group grow gap="xs" align="flex-start">
              <DayInput
                label="Active since"
                value={search.lastActivityFrom}
                edge="start"
                timeZone={fmt.timeZone}
                onChange={(lastActivityFrom) => onPatch({ lastActivityFrom })}
              />
              <DayInput
                label="No activity after"
                value={search.lastActivityTo}
                edge="end"
                timeZone={fmt.timeZone}
                onChange={(lastActivityTo) => onPatch({ lastActivityTo })}
              />
            </Group>
          ) : null}
          <Group grow gap="xs" align="flex-start">
            <DayInput
              label="Created from"
              value={search.createdFrom}
              edge="start"
              timeZone={fmt.timeZone}
              onChange={(createdFrom) => onPatch({ createdFrom })}
            />
            <DayInput
              label="Created to"
              value={search.createdTo}
              edge="end"
              timeZone={fmt.timeZone}
              onChange={(createdTo) => onPatch({ createdTo })}
            />
          </Group>
          <Input.Wrapper label="Has an open task" id="customers-open-task">
            <SegmentedControl
              fullWidth
              aria-labelledby="customers-open-task-label"
              data={OPEN_TASK_OPTIONS}
              value={openTask}
              onChange={(v) => onPatch({ hasOpenTask: v === 'any' ? undefined : v === 'yes' })}
            />
          </Input.Wrapper>
          <Select
            label="Value tier"
            description="By CLV rank in the current value run"
            placeholder="Any tier"
            data={TIER_OPTIONS}
            value={search.valueTier ?? null}
            onChange={(v) => onPatch({ valueTier: (v as ValueTier | null) ?? undefined })}
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <MinClvInput
            value={search.minClvMinor}
            currency={fmt.currency}
            onChange={(minClvMinor) => onPatch({ minClvMinor })}
          />
          <Select
            label="Maximum P(alive)"
            description="The chance a customer is still buying, at most"
            placeholder="Any"
            data={pAliveOptions(search.maxPAlive)}
            value={search.maxPAlive === undefined ? null : String(search.maxPAlive)}
            onChange={(v) => onPatch({ maxPAlive: v === null ? undefined : Number(v) })}
            clearable
            comboboxProps={{ withinPortal: false }}
          />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The active filters as removable sentences, plus "Clear filters". */
export function FilterChips({
  chips,
  onRemove,
  onClear,
  showClear,
}: {
  chips: FilterChip[];
  onRemove: (chip: FilterChip) => void;
  onClear: () => void;
  showClear: boolean;
}) {
  return (
    <Group gap={6} wrap="wrap" aria-label="Active filters" role="group">
      {chips.map((chip) => (
        <Pill
          key={chip.keys.join()}
          size="md"
          withRemoveButton
          onRemove={() => onRemove(chip)}
          // Mantine hides a pill's remove button from the keyboard (it expects a PillsInput around it).
          removeButtonProps={{
            'aria-label': `Remove filter: ${chip.label}`,
            'aria-hidden': false,
            tabIndex: 0,
          }}
          bg="blue.0"
          c="blue.9"
        >
          {chip.label}
        </Pill>
      ))}
      {showClear ? (
        <Button variant="subtle" size="compact-sm" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}
