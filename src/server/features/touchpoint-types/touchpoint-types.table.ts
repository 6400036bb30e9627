import { boolean, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Channel } from '../../../shared/contracts/common.js';
import { createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';

/**
 * A workspace's touch-point types: what `touchpoints.type` values mean to people (label), where
 * they usually happen (default channel) and whether staff rate them (satisfaction). Touch points
 * keep their raw type text, so a type is archived, never deleted, and one missing here still shows.
 */
export const touchpointTypes = pgTable(
  'touchpoint_types',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    /** The value touch points carry in `type`, e.g. check_in. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    defaultChannel: text('default_channel').$type<Channel>(),
    capturesSatisfaction: boolean('captures_satisfaction').notNull().default(false),
    /** Order in pickers and lists, ascending; gaps are fine. */
    position: integer('position').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: tstz('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('touchpoint_types_key_key').on(t.workspaceId, t.key),
  ],
);

/**
 * A workspace's choices about the built-in channels. No row means enabled with the built-in
 * label, so the table holds only what an admin changed.
 */
export const touchpointChannels = pgTable(
  'touchpoint_channels',
  {
    workspaceId: workspaceIdColumn(),
    channel: text('channel').$type<Channel>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Null: the built-in label (CHANNEL_LABELS). */
    label: text('label'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel] })],
);
