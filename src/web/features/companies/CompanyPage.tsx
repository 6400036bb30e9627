import { PageHeader } from '../../components/PageHeader.js';

export function CompanyPage() {
  return <PageHeader title="Company" />;
}
