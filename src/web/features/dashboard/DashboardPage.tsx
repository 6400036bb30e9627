import { PageHeader } from '../../components/PageHeader.js';

export function DashboardPage() {
  return <PageHeader title="Dashboard" />;
}
