// Categories: add, rename, deactivate (and reactivate). The slug never changes.
import { useMemo, useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableHead from '@mui/material/TableHead';
import TableBody from '@mui/material/TableBody';
import TableRow from '@mui/material/TableRow';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TextField from '@mui/material/TextField';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import Dialog from '@mui/material/Dialog';
import DialogTitle from '@mui/material/DialogTitle';
import DialogContent from '@mui/material/DialogContent';
import DialogActions from '@mui/material/DialogActions';
import AddIcon from '@mui/icons-material/Add';
import { CategoryName, Slug } from '../../../src-shared/schemas.ts';
import { call, errorText, toApiError, type Category } from '../../api/client.ts';
import { useQueryClient } from '@tanstack/react-query';
import { invalidateProcedures, useCategories } from '../../api/hooks.ts';
import { useNotify } from '../../app/notify.tsx';
import { useForm } from '../../components/forms.ts';
import { ListStates } from '../../components/States.tsx';

const slugFrom = (name: string): string =>
  name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);

export function CategoriesAdmin() {
  const notify = useNotify();
  const { items, error, refresh: retry } = useCategories();
  const queryClient = useQueryClient();
  /** A category change renames or hides it wherever it is shown: lists, tickets, the kiosk's tiles, analytics. */
  const refresh = () => void invalidateProcedures(queryClient, ['categories.list', 'kiosk.categories', 'tickets.list', 'analytics.activeByCategory']);
  const schemas = useMemo(() => ({ name: CategoryName, slug: Slug }), []);
  const form = useForm(schemas, { name: '', slug: '' });
  const [slugEdited, setSlugEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState<Category | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    setBusy(true);
    try {
      const c = await call('categories.create', { name: form.values.name.trim(), slug: form.values.slug.trim() });
      form.reset();
      setSlugEdited(false);
      refresh();
      notify(`Category “${c.name}” added`);
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.code === 'CONFLICT') form.setServerErrors({ slug: 'A category with this slug exists already' });
      else if (!form.applyServerError(apiErr)) notify(errorText(apiErr), 'error');
    } finally {
      setBusy(false);
    }
  };

  const setActive = async (c: Category, active: boolean) => {
    try {
      await call('categories.update', { slug: c.slug, active });
      refresh();
      notify(active ? `“${c.name}” is active again` : `“${c.name}” was deactivated; existing tickets keep it`);
    } catch (err) {
      notify(errorText(err), 'error');
    }
  };

  const nameField = form.field('name');
  return (
    <Box>
      <Paper variant="outlined" component="form" onSubmit={add} noValidate aria-label="Add category" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" component="h2" sx={{ mb: 1.5, fontWeight: 500 }}>Add a category</Typography>
        <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <TextField {...nameField} label="Name" required sx={{ flex: '2 1 240px' }}
            onChange={(e) => { nameField.onChange(e); if (!slugEdited) form.set('slug', slugFrom(e.target.value)); }} />
          <TextField {...form.field('slug', 'a-z, 0-9, _ and -; cannot be changed later')} label="Slug" required sx={{ flex: '1 1 200px' }}
            onChange={(e) => { setSlugEdited(true); form.set('slug', e.target.value); }}
            slotProps={{ htmlInput: { autoCapitalize: 'none', spellCheck: false } }} />
          <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={busy} sx={{ mt: 0.25 }}>Add</Button>
        </Box>
      </Paper>
      <ListStates items={items} error={error} onRetry={retry} errorTitle="Could not load the categories"
        loadingLabel="Loading categories…" emptyTitle="No categories yet" emptyText="Add the first one above.">{(items) => (
        <Paper variant="outlined">
          <TableContainer>
            <Table size="small" aria-label="Categories">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Slug</TableCell>
                  <TableCell sx={{ width: 120 }}>Status</TableCell>
                  <TableCell align="right" sx={{ width: 200 }}>Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((c) => (
                  <TableRow key={c.slug} data-slug={c.slug} sx={{ opacity: c.active ? 1 : 0.65 }}>
                    <TableCell sx={{ fontWeight: 500 }}>{c.name}</TableCell>
                    <TableCell><Box component="code" sx={{ fontSize: 13 }}>{c.slug}</Box></TableCell>
                    <TableCell>{c.active ? <Chip size="small" color="success" variant="outlined" label="Active" /> : <Chip size="small" label="Inactive" />}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Button size="small" onClick={() => setRenaming(c)} aria-label={`Rename ${c.name}`}>Rename</Button>
                      {c.active
                        ? <Button size="small" color="error" onClick={() => void setActive(c, false)} aria-label={`Deactivate ${c.name}`}>Deactivate</Button>
                        : <Button size="small" onClick={() => void setActive(c, true)} aria-label={`Activate ${c.name}`}>Activate</Button>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      )}</ListStates>
      {renaming ? <RenameDialog category={renaming} onClose={() => setRenaming(null)} onDone={(c) => { setRenaming(null); refresh(); notify(`Renamed to “${c.name}”`); }} /> : null}
    </Box>
  );
}

function RenameDialog({ category, onClose, onDone }: { category: Category; onClose: () => void; onDone: (c: Category) => void }) {
  const schemas = useMemo(() => ({ name: CategoryName }), []);
  const form = useForm(schemas, { name: category.name });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    setBusy(true);
    try {
      onDone(await call('categories.update', { slug: category.slug, name: form.values.name.trim() }));
    } catch (err) {
      const apiErr = toApiError(err);
      if (!form.applyServerError(apiErr)) setError(errorText(apiErr));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="rename-title" fullWidth maxWidth="xs">
      <form onSubmit={submit} noValidate aria-label="Rename category">
        <DialogTitle id="rename-title">Rename “{category.name}”</DialogTitle>
        <DialogContent>
          <TextField {...form.field('name', error ?? `Slug stays ${category.slug}`)} label="Name" required fullWidth autoFocus sx={{ mt: 1 }} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>Rename</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
