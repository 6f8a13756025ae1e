// A search box that updates its owner after a short pause (or at once on Enter); "/" focuses it.
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import TextField from '@mui/material/TextField';
import InputAdornment from '@mui/material/InputAdornment';
import IconButton from '@mui/material/IconButton';
import SearchIcon from '@mui/icons-material/Search';
import ClearIcon from '@mui/icons-material/Clear';
import { useShortcut } from '../app/shortcuts.tsx';

export function SearchField({ value, onSearch, label, placeholder, width = 320 }: {
  value: string; onSearch: (q: string) => void; label: string; placeholder?: string; width?: number | string;
}) {
  const [text, setText] = useState(value);
  const inputRef = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // Follow outside changes of the value (back button, "clear filters"), but not the echo of
  // what this field itself just sent (the person may have typed on meanwhile).
  const sent = useRef(value);
  useEffect(() => {
    if (value !== sent.current) { sent.current = value; setText(value); }
  }, [value]);
  const emit = (q: string) => { sent.current = q; onSearchRef.current(q); };
  useEffect(() => {
    if (text.trim() === sent.current.trim()) return;
    // Checked again when the pause is over: an Enter meanwhile has already sent this text, and
    // sending it twice would take the person back to the list after they moved on.
    const t = setTimeout(() => { if (text.trim() !== sent.current.trim()) emit(text.trim()); }, 400);
    return () => clearTimeout(t);
  }, [text]);
  useShortcut('/', () => { inputRef.current?.focus(); inputRef.current?.select(); });
  useEffect(() => {
    if ((location.state as { focusSearch?: boolean } | null)?.focusSearch) inputRef.current?.focus();
  }, [location.state]);

  return (
    <TextField
      type="search"
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); emit(text.trim()); } }}
      inputRef={inputRef}
      sx={{ width: { xs: '100%', sm: width } }}
      slotProps={{
        htmlInput: { maxLength: 200, 'aria-keyshortcuts': '/' },
        input: {
          startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment>,
          endAdornment: text ? (
            <InputAdornment position="end">
              <IconButton size="small" aria-label="Clear search" onClick={() => { setText(''); emit(''); inputRef.current?.focus(); }}><ClearIcon fontSize="small" /></IconButton>
            </InputAdornment>
          ) : undefined,
        },
      }}
    />
  );
}
