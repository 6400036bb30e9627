import { PageHeader } from '../../components/PageHeader.js';

export function UsersSettings() {
  return <PageHeader title="Users" />;
}
