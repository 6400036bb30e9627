import { z } from 'zod';
import { Id, IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  CandidateDecision,
  CandidateListQuery,
  CandidateScanResult,
  DuplicateCandidate,
  IdentitySettings,
  IdentitySettingsUpdate,
  Merge,
  MergeBlock,
  MergeBlockCreate,
  MergeListQuery,
  MergePreview,
  MergeRequest,
  UnmergeRequest,
} from '../../../shared/contracts/identities.js';
import type { App } from '../../lib/http.js';
import type { IdentityService } from './identity.service.js';
import type { MergesService } from './merges.service.js';

const PairParams = z.object({ a: Id, b: Id });

export function identityRoutes(app: App, deps: { identity: IdentityService; merges: MergesService }) {
  const { identity, merges } = deps;
  const tags = ['identity'];

  app.get(
    '/identity/settings',
    { schema: { tags, summary: "The workspace's identity rules", response: { 200: IdentitySettings } } },
    (req) => identity.getSettings(req.actor),
  );
  app.patch(
    '/identity/settings',
    {
      schema: {
        tags,
        summary: 'Change identity kinds (priority, limit, matching), blocked values or survivorship (admins)',
        body: IdentitySettingsUpdate,
        response: { 200: IdentitySettings },
      },
    },
    (req) => identity.updateSettings(req.actor, req.body),
  );

  app.post(
    '/identity/merges',
    {
      schema: {
        tags,
        summary: 'Merge two customers; with dryRun, the field-by-field preview only',
        body: MergeRequest,
        response: { 200: MergePreview, 201: Merge },
      },
    },
    async (req, reply) => {
      const out = await merges.merge(req.actor, req.body);
      return 'preview' in out ? reply.code(200).send(out.preview) : reply.code(201).send(out.merge);
    },
  );
  app.get(
    '/identity/merges',
    {
      schema: {
        tags,
        summary: 'Merges, newest first',
        querystring: MergeListQuery,
        response: { 200: pageOf(Merge) },
      },
    },
    (req) => merges.list(req.actor, req.query),
  );
  app.get('/identity/merges/:id', { schema: { tags, params: IdParams, response: { 200: Merge } } }, (req) =>
    merges.get(req.actor, req.params.id),
  );
  app.post(
    '/identity/merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge: both customers restored, every moved record put back',
        params: IdParams,
        body: UnmergeRequest.optional(),
        response: { 200: Merge },
      },
    },
    (req) => merges.unmerge(req.actor, req.params.id, req.body ?? {}),
  );

  app.post(
    '/identity/never-merge',
    {
      schema: {
        tags,
        summary: 'Mark two customers as different people',
        body: MergeBlockCreate,
        response: { 201: MergeBlock },
      },
    },
    async (req, reply) => reply.code(201).send(await merges.neverMerge(req.actor, req.body)),
  );
  app.delete(
    '/identity/never-merge/:a/:b',
    {
      schema: {
        tags,
        summary: 'Allow the pair to be merged again',
        params: PairParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await merges.allowMerge(req.actor, [req.params.a, req.params.b]);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/customers/:id/never-merge',
    {
      schema: {
        tags,
        summary: 'The never-merge pairs a customer is in',
        params: IdParams,
        response: { 200: z.array(MergeBlock) },
      },
    },
    (req) => merges.blocksOf(req.actor, req.params.id),
  );

  app.get(
    '/identity/candidates',
    {
      schema: {
        tags,
        summary: 'The duplicates queue: likely duplicates by score, never merged automatically',
        querystring: CandidateListQuery,
        response: { 200: pageOf(DuplicateCandidate) },
      },
    },
    (req) => merges.candidates(req.actor, req.query),
  );
  app.post(
    '/identity/candidates/scan',
    {
      schema: {
        tags,
        summary: 'Look for likely duplicates across the workspace',
        response: { 200: CandidateScanResult },
      },
    },
    (req) => merges.scanCandidates(req.actor),
  );
  app.post(
    '/identity/candidates/:id/decision',
    {
      schema: {
        tags,
        summary: 'Dismiss a candidate, or mark the pair never-merge (merging is POST /identity/merges)',
        params: IdParams,
        body: CandidateDecision,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await merges.decide(req.actor, req.params.id, req.body);
      return reply.code(204).send(null);
    },
  );
}
