// The start: a large tile per active category (as they are now: categories.tsx) and "Check my ticket".
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ButtonBase from '@mui/material/ButtonBase';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import Search from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import type { CategorySlug } from './model.ts';
import { useKioskCategories } from './categories.tsx';

export function HomeScreen({ onPick, onLookup }: { onPick: (slug: CategorySlug) => void; onLookup: () => void }) {
  const { tiles, error, retry } = useKioskCategories();
  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 1 }}>Report a problem</Typography>
      <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary', mb: 4 }}>Tap what it is about. It takes about a minute; no sign-in needed.</Typography>
      {!tiles && error ? (
        <Alert severity="warning" sx={{ fontSize: '1.2rem', mb: 3 }} action={<Button color="inherit" size="large" onClick={retry}>Try again</Button>}>
          The helpdesk server cannot be reached right now. Please try again in a moment, or visit the helpdesk in person.
        </Alert>
      ) : null}
      {!tiles && !error ? <Box role="status" aria-label="Loading the categories" sx={{ display: 'grid', placeItems: 'center', minHeight: 300 }}><CircularProgress size={56} /></Box> : null}
      {tiles && tiles.length === 0 ? (
        <Alert severity="info" sx={{ fontSize: '1.2rem', mb: 3 }}>Reporting here is paused right now. Please visit the helpdesk in person.</Alert>
      ) : null}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: `repeat(${Math.min(3, Math.max(1, tiles?.length ?? 3))}, 1fr)` }, gap: 3 }}>
        {(tiles ?? []).map((c) => {
          const Icon = c.Icon;
          return (
            <Paper key={c.slug} elevation={2} sx={{ borderRadius: 4, overflow: 'hidden' }}>
              <ButtonBase
                onClick={() => onPick(c.slug)}
                data-category={c.slug}
                data-category-name={c.title}
                sx={{
                  width: '100%', minHeight: 300, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center',
                  gap: 2, p: 3, textAlign: 'center', borderTop: `10px solid ${c.color}`,
                  '&:active': { bgcolor: 'action.selected' }, '&.Mui-focusVisible': { outline: '4px solid', outlineColor: 'primary.main' },
                }}
              >
                <Box sx={{ width: 120, height: 120, borderRadius: '50%', display: 'grid', placeItems: 'center', bgcolor: `${c.color}1a` }}>
                  <Icon sx={{ fontSize: 72, color: c.color }} />
                </Box>
                <Typography component="span" sx={{ fontSize: '1.7rem', fontWeight: 500, lineHeight: 1.2 }}>{c.title}</Typography>
                {c.examples ? <Typography component="span" sx={{ fontSize: '1.1rem', color: 'text.secondary' }}>{c.examples}</Typography> : null}
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
