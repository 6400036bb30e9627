import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Channel } from '../../../shared/contracts/common.js';
import {
  type ChannelSetting,
  channelSettings,
  TouchpointCatalogue,
  type TouchpointType,
  typeLabel,
} from '../../../shared/contracts/touchpoint-types.js';
import { api } from '../../lib/api.js';

/** Everything cached about the catalogue; a change in settings invalidates this prefix. */
export const CATALOGUE_KEY = ['touchpoint-catalogue'] as const;

export const catalogueQuery = queryOptions({
  queryKey: [...CATALOGUE_KEY, 'live'],
  queryFn: ({ signal }) => api.get('/touchpoint-catalogue', TouchpointCatalogue, { signal }),
  staleTime: 5 * 60_000,
});

/** Until the catalogue loads (or if it cannot), every channel with its built-in label and no types. */
const FALLBACK: TouchpointCatalogue = { types: [], channels: channelSettings([]) };

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  group: string;
  items: Option[];
}

/** The workspace's catalogue and the pickers' options built from it. */
export interface CatalogueView {
  types: TouchpointType[];
  channels: ChannelSetting[];
  typeLabel(type: string): string;
  channelLabel(channel: Channel): string;
  capturesSatisfaction(type: string): boolean;
  /** Enabled channels, plus `keep` (a value already chosen) should it be disabled. */
  channelOptions(keep?: string | null): Option[];
  /**
   * Catalogue types first, then the other types `seen` (raw names from events), each once; a
   * value already chosen (`keep`) is always among them.
   */
  typeOptions(seen?: readonly string[], keep?: string | null): OptionGroup[];
}

export function catalogueView(c: TouchpointCatalogue): CatalogueView {
  const labels = new Map(c.types.map((t) => [t.key, t.label]));
  const byChannel = new Map(c.channels.map((s) => [s.channel, s]));
  return {
    types: c.types,
    channels: c.channels,
    typeLabel: (type) => typeLabel(type, labels),
    channelLabel: (channel) => byChannel.get(channel)?.label ?? channel,
    capturesSatisfaction: (type) => c.types.some((t) => t.key === type && t.capturesSatisfaction),
    channelOptions: (keep) =>
      c.channels
        .filter((s) => s.enabled || s.channel === keep)
        .map((s) => ({ value: s.channel, label: s.label })),
    typeOptions: (seen = [], keep) => {
      const others = [...new Set([...seen, ...(keep ? [keep] : [])])].filter((t) => !labels.has(t)).sort();
      const groups: OptionGroup[] = [
        { group: 'Catalogue', items: c.types.map((t) => ({ value: t.key, label: t.label })) },
      ];
      if (others.length) {
        groups.push({
          group: 'Other types',
          items: others.map((t) => ({ value: t, label: typeLabel(t, labels) })),
        });
      }
      return groups.filter((g) => g.items.length > 0);
    },
  };
}

/** The catalogue for labels and pickers; falls back to built-in labels while loading or on error. */
export function useCatalogue(): CatalogueView & { isPending: boolean } {
  const query = useQuery(catalogueQuery);
  const view = useMemo(() => catalogueView(query.data ?? FALLBACK), [query.data]);
  return { ...view, isPending: query.isPending };
}
