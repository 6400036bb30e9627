import { Workspace, WorkspaceUpdate } from '../../../shared/contracts/workspaces.js';
import type { App } from '../../lib/http.js';
import type { WorkspacesService } from './workspaces.service.js';

export function workspacesRoutes(app: App, deps: { workspaces: WorkspacesService }) {
  const { workspaces } = deps;
  const tags = ['workspace'];
  app.get(
    '/workspace',
    { schema: { tags, summary: "The caller's workspace and its settings", response: { 200: Workspace } } },
    (req) => workspaces.get(req.actor),
  );
  app.patch(
    '/workspace',
    {
      schema: {
        tags,
        summary: 'Rename the workspace or change its locale, time zone or currency (admins)',
        body: WorkspaceUpdate,
        response: { 200: Workspace },
      },
    },
    (req) => workspaces.update(req.actor, req.body),
  );
}
