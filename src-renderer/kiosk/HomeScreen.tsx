// The start: three large category tiles and "Check my ticket".
import type { ReactElement } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ButtonBase from '@mui/material/ButtonBase';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import Handyman from '@mui/icons-material/Handyman';
import Computer from '@mui/icons-material/Computer';
import RateReview from '@mui/icons-material/RateReview';
import Search from '@mui/icons-material/Search';
import { KIOSK_CATEGORIES, type CategorySlug } from './model.ts';

export const CATEGORY_ICONS: Record<CategorySlug, (props: { sx?: object }) => ReactElement> = {
  facility_management: (p) => <Handyman {...p} />,
  technical_it: (p) => <Computer {...p} />,
  services_complaints: (p) => <RateReview {...p} />,
};

export const CATEGORY_COLORS: Record<CategorySlug, string> = {
  facility_management: '#b45309',
  technical_it: '#1f5fae',
  services_complaints: '#7b3fa0',
};

export function HomeScreen({ onPick, onLookup }: { onPick: (slug: CategorySlug) => void; onLookup: () => void }) {
  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 1 }}>Report a problem</Typography>
      <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary', mb: 4 }}>Tap what it is about. It takes about a minute; no sign-in needed.</Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'repeat(3, 1fr)' }, gap: 3 }}>
        {KIOSK_CATEGORIES.map((c) => {
          const Icon = CATEGORY_ICONS[c.slug];
          return (
            <Paper key={c.slug} elevation={2} sx={{ borderRadius: 4, overflow: 'hidden' }}>
              <ButtonBase
                onClick={() => onPick(c.slug)}
                data-category={c.slug}
                aria-label={`${c.title}: ${c.examples}`}
                sx={{
                  width: '100%', minHeight: 300, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center',
                  gap: 2, p: 3, textAlign: 'center', borderTop: `10px solid ${CATEGORY_COLORS[c.slug]}`,
                  '&:active': { bgcolor: 'action.selected' }, '&.Mui-focusVisible': { outline: '4px solid', outlineColor: 'primary.main' },
                }}
              >
                <Box sx={{ width: 120, height: 120, borderRadius: '50%', display: 'grid', placeItems: 'center', bgcolor: `${CATEGORY_COLORS[c.slug]}1a` }}>
                  <Icon sx={{ fontSize: 72, color: CATEGORY_COLORS[c.slug] }} />
                </Box>
                <Typography component="span" sx={{ fontSize: '1.7rem', fontWeight: 500, lineHeight: 1.2 }}>{c.title}</Typography>
                <Typography component="span" sx={{ fontSize: '1.1rem', color: 'text.secondary' }}>{c.examples}</Typography>
              </ButtonBase>
            </Paper>
          );
        })}
      </Box>
      <Box sx={{ mt: 4, display: 'flex', justifyContent: 'center' }}>
        <Button variant="outlined" startIcon={<Search sx={{ fontSize: 32 }} />} onClick={onLookup}
          sx={{ minHeight: 80, px: 5, fontSize: '1.4rem', borderWidth: 2, bgcolor: 'background.paper', '&:hover': { borderWidth: 2 } }}>
          Check my ticket
        </Button>
      </Box>
    </Box>
  );
}
