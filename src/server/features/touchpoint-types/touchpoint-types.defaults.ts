import type { CatalogueTypeDefinition } from '../../../shared/contracts/touchpoint-types.js';

/**
 * The catalogue a workspace starts with: the touch points most businesses log. It is written on
 * the workspace's first read of the catalogue (see docs/decisions.md) and is then the
 * workspace's own to rename, reorder or archive.
 */
export const DEFAULT_TOUCHPOINT_TYPES: readonly CatalogueTypeDefinition[] = [
  { key: 'web_visit', label: 'Web visit', defaultChannel: 'web', capturesSatisfaction: false },
  { key: 'app_session', label: 'App session', defaultChannel: 'app', capturesSatisfaction: false },
  { key: 'email', label: 'E-mail', defaultChannel: 'email', capturesSatisfaction: false },
  { key: 'call', label: 'Call', defaultChannel: 'phone', capturesSatisfaction: true },
  { key: 'chat', label: 'Chat', defaultChannel: 'chat', capturesSatisfaction: true },
  { key: 'visit', label: 'Visit', defaultChannel: 'store', capturesSatisfaction: true },
  { key: 'review', label: 'Review', defaultChannel: 'web', capturesSatisfaction: true },
  { key: 'complaint', label: 'Complaint', defaultChannel: null, capturesSatisfaction: true },
];
