import { PageHeader } from '../../components/PageHeader.js';

export function WorkspaceSettings() {
  return <PageHeader title="Workspace" />;
}
