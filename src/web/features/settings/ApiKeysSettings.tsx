import { PageHeader } from '../../components/PageHeader.js';

export function ApiKeysSettings() {
  return <PageHeader title="API keys" />;
}
