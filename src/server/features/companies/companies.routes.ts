import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  Company,
  CompanyCreate,
  CompanyLink,
  CompanyListQuery,
  CompanyPeopleQuery,
  CompanyPerson,
  CompanyPersonParams,
  CompanyUpdate,
} from '../../../shared/contracts/companies.js';
import type { App } from '../../lib/http.js';
import type { CompaniesService } from './companies.service.js';

export function companiesRoutes(app: App, deps: { companies: CompaniesService }) {
  const { companies } = deps;
  const tags = ['companies'];
  app.get(
    '/companies',
    {
      schema: {
        tags,
        summary: 'List and search companies',
        querystring: CompanyListQuery,
        response: { 200: pageOf(Company) },
      },
    },
    (req) => companies.list(req.actor, req.query),
  );
  app.post(
    '/companies',
    { schema: { tags, body: CompanyCreate, response: { 201: Company } } },
    async (req, reply) => reply.code(201).send(await companies.create(req.actor, req.body)),
  );
  app.get('/companies/:id', { schema: { tags, params: IdParams, response: { 200: Company } } }, (req) =>
    companies.get(req.actor, req.params.id),
  );
  app.patch(
    '/companies/:id',
    { schema: { tags, params: IdParams, body: CompanyUpdate, response: { 200: Company } } },
    (req) => companies.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/companies/:id',
    { schema: { tags, summary: 'Soft-delete (restorable)', params: IdParams, response: { 200: Company } } },
    (req) => companies.remove(req.actor, req.params.id),
  );
  app.post(
    '/companies/:id/restore',
    { schema: { tags, params: IdParams, response: { 200: Company } } },
    (req) => companies.restore(req.actor, req.params.id),
  );
  app.get(
    '/companies/:id/people',
    {
      schema: {
        tags,
        summary: "The company's people, by full name",
        params: IdParams,
        querystring: CompanyPeopleQuery,
        response: { 200: pageOf(CompanyPerson) },
      },
    },
    (req) => companies.listPeople(req.actor, req.params.id, req.query),
  );
  app.put(
    '/companies/:id/people/:customerId',
    {
      schema: {
        tags,
        summary: 'Link a customer to the company (or replace their job title)',
        params: CompanyPersonParams,
        // The body is optional: no body links without a job title.
        body: CompanyLink.nullish(),
        response: { 200: CompanyPerson },
      },
    },
    (req) => companies.linkPerson(req.actor, req.params.id, req.params.customerId, req.body ?? {}),
  );
  app.delete(
    '/companies/:id/people/:customerId',
    {
      schema: {
        tags,
        summary: 'Unlink a customer from the company',
        params: CompanyPersonParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await companies.unlinkPerson(req.actor, req.params.id, req.params.customerId);
      return reply.code(204).send(null);
    },
  );
}
