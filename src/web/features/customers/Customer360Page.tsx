import { PageHeader } from '../../components/PageHeader.js';

export function Customer360Page() {
  return <PageHeader title="Customer" />;
}
