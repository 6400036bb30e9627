import { z } from 'zod';
import { ActorRef, Id, JsonObject, PageQuery, QueryBoolean, Tag } from './common.js';
import { PostalAddress } from './customers.js';

const companyFields = {
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, 'must be a domain such as acme.com')
    .nullish()
    .describe('web domain without scheme or path, e.g. acme.com'),
  industry: z.string().trim().max(100).nullish(),
  address: PostalAddress.nullish(),
  tags: z.array(Tag).max(50),
  attributes: JsonObject.describe('free-form custom fields'),
};

export const CompanyCreate = z.object({
  ...companyFields,
  tags: companyFields.tags.default([]),
  attributes: companyFields.attributes.default({}),
});
export type CompanyCreate = z.input<typeof CompanyCreate>;

/** Fields given replace the stored ones; omitted fields stay. */
export const CompanyUpdate = z.object(companyFields).partial();
export type CompanyUpdate = z.input<typeof CompanyUpdate>;

export const Company = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  address: PostalAddress.nullable(),
  tags: z.array(z.string()),
  attributes: JsonObject,
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Company = z.infer<typeof Company>;

export const COMPANY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

export const CompanyListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().describe('search the name (any part of each word given)'),
  sort: z.enum(COMPANY_SORTS).default('createdAt'),
  tag: z.string().max(50).optional().describe('only companies carrying this tag'),
  deleted: QueryBoolean.optional().describe('list soft-deleted companies instead'),
});
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;

export const CompanyPersonParams = z.object({ id: Id, customerId: Id });

/** Linking replaces the link: an omitted job title clears it. */
export const CompanyLink = z.object({
  jobTitle: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
});
export type CompanyLink = z.input<typeof CompanyLink>;

/** A customer linked to a company, with their role there. */
export const CompanyPerson = z.object({
  customerId: z.string(),
  fullName: z.string(),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  jobTitle: z.string().nullable(),
  linkedAt: z.date().describe('when the link was first made'),
});
export type CompanyPerson = z.infer<typeof CompanyPerson>;

export const CompanyPeopleQuery = PageQuery.extend({
  order: z.enum(['asc', 'desc']).default('asc').describe('by full name'),
});
export type CompanyPeopleQuery = z.infer<typeof CompanyPeopleQuery>;

/** A company a customer belongs to, as the customer 360 shows it. */
export const CustomerCompany = z.object({
  id: z.string(),
  name: z.string(),
  jobTitle: z.string().nullable(),
});
export type CustomerCompany = z.infer<typeof CustomerCompany>;
