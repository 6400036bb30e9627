import { sql } from 'drizzle-orm';
import { boolean, date, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { ContactPoint, PostalAddress } from '../../../shared/contracts/customers.js';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';

/** People the workspace serves. Soft-deleted (deleted_at) so history and audit stay intact. */
export const customers = pgTable(
  'customers',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    givenName: text('given_name'),
    familyName: text('family_name'),
    /** Display name, derived from the parts when not given; never null so it can sort. */
    fullName: text('full_name').notNull().default(''),
    emails: jsonb('emails').$type<ContactPoint[]>().notNull().default([]),
    phones: jsonb('phones').$type<ContactPoint[]>().notNull().default([]),
    /** Normalised primary e-mail and E.164 primary phone, for lists and exports. */
    primaryEmail: text('primary_email'),
    primaryPhone: text('primary_phone'),
    address: jsonb('address').$type<PostalAddress>(),
    birthday: date('birthday', { mode: 'string' }),
    locale: text('locale'),
    timeZone: text('time_zone'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * When each profile field was last set by an event (field → ISO time the event happened), so
     * a late event never overwrites what a newer one said.
     */
    traitTimes: jsonb('trait_times').$type<Record<string, string>>().notNull().default({}),
    prefersHumanService: boolean('prefers_human_service').notNull().default(false),
    /**
     * Created from an unverified sender (a web form, an e-mail) nobody has confirmed yet; a
     * staff edit of the profile clears it (docs/cases.md).
     */
    provisional: boolean('provisional').notNull().default(false),
    /** Lower-case name, e-mails and phone digits: one trigram index serves search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
    /** Set with deleted_at when this customer was merged into another: where its history went. */
    mergedIntoId: uuid('merged_into_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('customers_created_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index('customers_updated_idx').on(t.workspaceId, t.updatedAt.desc(), t.id.desc()),
    index('customers_name_idx').on(t.workspaceId, t.fullName, t.id),
    index('customers_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('customers_tags_idx').using('gin', t.tags),
  ],
);
