import { PageHeader } from '../../components/PageHeader.js';

export function CustomersPage() {
  return <PageHeader title="Customers" />;
}
