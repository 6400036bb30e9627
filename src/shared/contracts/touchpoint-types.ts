import { z } from 'zod';
import { CHANNELS, Channel, Id, QueryBoolean } from './common.js';
import { CHANNEL_LABELS } from './touchpoints.js';

/**
 * The workspace's touch-point catalogue: the types its touch points carry (labels, default
 * channel, whether staff rate them) and its choices about the built-in channels.
 */

/** A type's key is what touch points carry in `type`: lower-case words joined by `_`, like check_in. */
export const TouchpointTypeKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by _, like check_in');

const typeFields = {
  key: TouchpointTypeKey,
  label: z.string().trim().min(1).max(80),
  defaultChannel: Channel.nullable().describe('preselected when staff log one; null: no usual channel'),
  capturesSatisfaction: z.boolean().describe('staff may record a 1–5 satisfaction with it'),
};

export const TouchpointTypeCreate = z.object({
  ...typeFields,
  defaultChannel: typeFields.defaultChannel.default(null),
  capturesSatisfaction: typeFields.capturesSatisfaction.default(false),
  position: z.number().int().min(0).max(100_000).optional().describe('default: after the last'),
});
export type TouchpointTypeCreate = z.input<typeof TouchpointTypeCreate>;

/**
 * Fields given replace the stored ones. The key is fixed once created (touch points carry it);
 * `archived: true` hides the type from pickers without touching its touch points.
 */
export const TouchpointTypeUpdate = z
  .object({
    label: typeFields.label,
    defaultChannel: typeFields.defaultChannel,
    capturesSatisfaction: typeFields.capturesSatisfaction,
    archived: z.boolean(),
  })
  .partial();
export type TouchpointTypeUpdate = z.input<typeof TouchpointTypeUpdate>;

export const TouchpointType = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  defaultChannel: Channel.nullable(),
  capturesSatisfaction: z.boolean(),
  position: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  archivedAt: z.date().nullable(),
});
export type TouchpointType = z.infer<typeof TouchpointType>;

export const TouchpointTypeListQuery = z.object({
  includeArchived: QueryBoolean.optional().describe('list archived types too (after the live ones)'),
});
export type TouchpointTypeListQuery = z.infer<typeof TouchpointTypeListQuery>;

/** The new order: every live type's id, first to last. */
export const TouchpointTypeReorder = z.object({
  ids: z
    .array(Id)
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'lists a type twice'),
});
export type TouchpointTypeReorder = z.input<typeof TouchpointTypeReorder>;

/** A built-in channel as the workspace shows it. */
export const ChannelSetting = z.object({
  channel: Channel,
  enabled: z.boolean().describe('disabled channels are left out of pickers; their touch points still show'),
  label: z.string().describe("the workspace's label, else the built-in one"),
  customLabel: z.string().nullable().describe("the workspace's own label; null: the built-in one"),
});
export type ChannelSetting = z.infer<typeof ChannelSetting>;

export const ChannelSettingUpdate = z
  .object({
    enabled: z.boolean(),
    label: z.string().trim().min(1).max(40).nullable().describe('null: back to the built-in label'),
  })
  .partial();
export type ChannelSettingUpdate = z.input<typeof ChannelSettingUpdate>;

export const ChannelParams = z.object({ channel: Channel });

/** Everything a screen needs to label and offer touch points: live types in order, and every channel. */
export const TouchpointCatalogue = z.object({
  types: z.array(TouchpointType),
  channels: z.array(ChannelSetting),
});
export type TouchpointCatalogue = z.infer<typeof TouchpointCatalogue>;

/** A type as the defaults and the demo define it. */
export interface CatalogueTypeDefinition {
  key: string;
  label: string;
  defaultChannel: Channel | null;
  capturesSatisfaction: boolean;
}

/**
 * How a touch point's type reads: the catalogue's label (archived types too), else the raw
 * name with `_`/`-` as spaces and a capital first letter ("page_view" → "Page view").
 * @example typeLabel('check_in', new Map([['check_in', 'Check-in']])) === 'Check-in'
 */
export function typeLabel(type: string, labels: ReadonlyMap<string, string>): string {
  const label = labels.get(type);
  if (label) return label;
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : type;
}

/** Every channel's setting from the stored ones (absent: enabled, built-in label), in CHANNELS order. */
export function channelSettings(
  stored: readonly { channel: Channel; enabled: boolean; label: string | null }[],
): ChannelSetting[] {
  const byChannel = new Map(stored.map((s) => [s.channel, s]));
  return CHANNELS.map((channel) => {
    const s = byChannel.get(channel);
    return {
      channel,
      enabled: s?.enabled ?? true,
      label: s?.label ?? CHANNEL_LABELS[channel],
      customLabel: s?.label ?? null,
    };
  });
}
