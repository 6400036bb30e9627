import { z } from 'zod';
import { IdParams } from '../../../shared/contracts/common.js';
import {
  ChannelParams,
  ChannelSetting,
  ChannelSettingUpdate,
  TouchpointCatalogue,
  TouchpointType,
  TouchpointTypeCreate,
  TouchpointTypeListQuery,
  TouchpointTypeReorder,
  TouchpointTypeUpdate,
} from '../../../shared/contracts/touchpoint-types.js';
import type { App } from '../../lib/http.js';
import type { TouchpointTypesService } from './touchpoint-types.service.js';

const TypeList = z.object({ items: z.array(TouchpointType) });
const ChannelList = z.object({ items: z.array(ChannelSetting) });

export function touchpointTypesRoutes(app: App, deps: { touchpointTypes: TouchpointTypesService }) {
  const { touchpointTypes } = deps;
  const tags = ['touch-point catalogue'];
  app.get(
    '/touchpoint-catalogue',
    {
      schema: {
        tags,
        summary:
          'Live touch-point types in order and every channel with its label: what forms and filters offer',
        response: { 200: TouchpointCatalogue },
      },
    },
    (req) => touchpointTypes.catalogue(req.actor),
  );
  app.get(
    '/touchpoint-types',
    {
      schema: {
        tags,
        summary: "The workspace's touch-point types in order",
        querystring: TouchpointTypeListQuery,
        response: { 200: TypeList },
      },
    },
    async (req) => ({ items: await touchpointTypes.listTypes(req.actor, req.query) }),
  );
  app.post(
    '/touchpoint-types',
    {
      schema: {
        tags,
        summary: 'Add a touch-point type (admins)',
        body: TouchpointTypeCreate,
        response: { 201: TouchpointType },
      },
    },
    async (req, reply) => reply.code(201).send(await touchpointTypes.createType(req.actor, req.body)),
  );
  app.put(
    '/touchpoint-types/order',
    {
      schema: {
        tags,
        summary: 'Reorder the live types: every live type id, first to last (admins)',
        body: TouchpointTypeReorder,
        response: { 200: TypeList },
      },
    },
    async (req) => ({ items: await touchpointTypes.reorder(req.actor, req.body) }),
  );
  app.patch(
    '/touchpoint-types/:id',
    {
      schema: {
        tags,
        summary: 'Rename, change the default channel or satisfaction capture, archive or restore (admins)',
        params: IdParams,
        body: TouchpointTypeUpdate,
        response: { 200: TouchpointType },
      },
    },
    (req) => touchpointTypes.updateType(req.actor, req.params.id, req.body),
  );
  app.get(
    '/touchpoint-channels',
    {
      schema: {
        tags,
        summary: 'Every built-in channel as the workspace shows it',
        response: { 200: ChannelList },
      },
    },
    async (req) => ({ items: await touchpointTypes.listChannels(req.actor) }),
  );
  app.patch(
    '/touchpoint-channels/:channel',
    {
      schema: {
        tags,
        summary: "Enable or disable a channel, or give it the workspace's own label (admins)",
        params: ChannelParams,
        body: ChannelSettingUpdate,
        response: { 200: ChannelSetting },
      },
    },
    (req) => touchpointTypes.updateChannel(req.actor, req.params.channel, req.body),
  );
}
