import { PageHeader } from '../../components/PageHeader.js';

export function CompaniesPage() {
  return <PageHeader title="Companies" />;
}
