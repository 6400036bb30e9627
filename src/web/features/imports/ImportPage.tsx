import { PageHeader } from '../../components/PageHeader.js';

export function ImportPage() {
  return <PageHeader title="Import" />;
}
