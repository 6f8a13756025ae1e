// The kiosk's category tiles as they are now: kiosk.categories (the active categories, with
// their current names) through the query cache, fetched again every minute, on each return
// to the start screen and when a report names a category that has gone. The default
// categories keep their own icon, colour and examples; any other gets a general icon and a
// colour of its own.
import type { ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Handyman from '@mui/icons-material/Handyman';
import Computer from '@mui/icons-material/Computer';
import RateReview from '@mui/icons-material/RateReview';
import ReportProblem from '@mui/icons-material/ReportProblemOutlined';
import { fetchCategories, type KioskCategoryItem } from './api.ts';
import { TILE_EXAMPLES } from './model.ts';

export interface KioskTile {
  slug: string;
  title: string;
  examples: string;
  color: string;
  Icon: (props: { sx?: object }) => ReactElement;
}

const KNOWN: Record<string, { color: string; Icon: KioskTile['Icon'] }> = {
  facility_management: { color: '#b45309', Icon: (p) => <Handyman {...p} /> },
  technical_it: { color: '#1f5fae', Icon: (p) => <Computer {...p} /> },
  services_complaints: { color: '#7b3fa0', Icon: (p) => <RateReview {...p} /> },
};
/** Colours for other categories: each at least 4.5:1 against white. */
const OTHER_COLORS = ['#0e7490', '#15803d', '#b91c1c', '#6d28d9', '#a16207', '#be185d'];

export function toTiles(items: KioskCategoryItem[]): KioskTile[] {
  let other = 0;
  return items.map((c) => {
    const known = KNOWN[c.slug];
    const color = known?.color ?? OTHER_COLORS[other++ % OTHER_COLORS.length]!;
    return {
      slug: c.slug, title: c.name, examples: TILE_EXAMPLES[c.slug] ?? '',
      color, Icon: known?.Icon ?? ((p) => <ReportProblem {...p} />),
    };
  });
}

export const KIOSK_CATEGORIES_KEY = ['kiosk.categories', {}] as const;
const REFRESH_MS = 60_000;

export function useKioskCategories() {
  const q = useQuery({ queryKey: KIOSK_CATEGORIES_KEY, queryFn: fetchCategories, refetchInterval: REFRESH_MS, staleTime: 0 });
  return { tiles: q.data ? toTiles(q.data) : undefined, error: q.error, retry: () => void q.refetch() };
}

/** Asks for the categories again (back on the start screen; a report named one that has gone). */
export function useRefreshCategories(): () => void {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: KIOSK_CATEGORIES_KEY });
}
