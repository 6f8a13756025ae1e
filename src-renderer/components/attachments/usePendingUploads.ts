// The files a person is about to send with a reply, a new ticket or a kiosk report: each is
// uploaded as soon as it is chosen (dropped, pasted, picked; one at a time, in that order),
// with its progress; it can be
// removed before sending (an upload in flight is cancelled); `ids` are what the procedure's
// `attachments` takes once every upload has finished. Too many or too large files are
// refused here with a message, before anything is sent.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/client.ts';
import { MAX_FILE_BYTES, MAX_FILES, revokeLater, uploadFile } from './transfer.ts';

export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  type: string;
  /** 0–1 while uploading. */
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  id?: number;
  /** Why it failed. */
  error?: string;
  /** A local preview (object URL of the chosen file) for images. */
  preview?: string;
}

export interface PendingUploads {
  items: PendingUpload[];
  add(files: Iterable<File>): void;
  remove(key: string): void;
  clear(): void;
  /** Upload ids of the finished uploads, in order. */
  ids: number[];
  /** Some upload is still running. */
  busy: boolean;
  /** Some upload failed (remove it before sending). */
  failed: boolean;
  /** A message about files that were not taken (too many, too large). */
  notice: string | null;
  /** Handler for a text field's paste event: pasted images and files become uploads. */
  onPaste: (e: React.ClipboardEvent) => void;
}

let counter = 0;

/** A pasted screenshot arrives as "image.png": give it a name that says when. */
function pastedName(file: File): string {
  if (file.name && file.name !== 'image.png' && file.name !== 'image.jpeg') return file.name;
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const ext = file.type === 'image/jpeg' ? 'jpg' : (file.type.split('/')[1] ?? 'png');
  return `screenshot-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}.${ext}`;
}

export function usePendingUploads(token: () => string | null, options: { max?: number } = {}): PendingUploads {
  const max = options.max ?? MAX_FILES;
  const [items, setItems] = useState<PendingUpload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const aborts = useRef(new Map<string, AbortController>());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const patch = useCallback((key: string, p: Partial<PendingUpload>) => {
    setItems((list) => list.map((it) => (it.key === key ? { ...it, ...p } : it)));
  }, []);

  const start = useCallback((file: File, name: string) => {
    const key = `u${++counter}`;
    const preview = file.type.startsWith('image/') && file.type !== 'image/heic' ? URL.createObjectURL(file) : undefined;
    const item: PendingUpload = { key, name, size: file.size, type: file.type, progress: 0, state: 'uploading', ...(preview ? { preview } : {}) };
    setItems((list) => [...list, item]);
    const ctrl = new AbortController();
    aborts.current.set(key, ctrl);
    // One upload at a time, in the order chosen: the files are then listed in that order.
    queue.current = queue.current.then(() => (ctrl.signal.aborted ? undefined
      : uploadFile(file, name, { token: token(), signal: ctrl.signal, onProgress: (f) => patch(key, { progress: f }) })
        .then((r) => patch(key, { state: 'done', progress: 1, id: r.id, name: r.name, type: r.type, size: r.size }))
        .catch((e: unknown) => { if (!ctrl.signal.aborted) patch(key, { state: 'failed', error: errorText(e) }); })
        .finally(() => aborts.current.delete(key))));
  }, [patch, token]);

  const add = useCallback((files: Iterable<File>) => {
    const chosen = [...files];
    const room = max - itemsRef.current.length;
    const refused: string[] = [];
    let taken = 0;
    for (const file of chosen) {
      const name = pastedName(file);
      if (file.size > MAX_FILE_BYTES) { refused.push(`“${name}” is larger than 10 MB`); continue; }
      if (taken >= room) { refused.push(`at most ${max} files can be attached`); break; }
      taken++;
      start(file, name);
    }
    setNotice(refused.length ? `Not attached: ${[...new Set(refused)].join('; ')}.` : null);
  }, [max, start]);

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    setItems((list) => {
      const gone = list.find((it) => it.key === key);
      if (gone?.preview) revokeLater(gone.preview);
      return list.filter((it) => it.key !== key);
    });
    setNotice(null);
  }, []);

  const clear = useCallback(() => {
    for (const c of aborts.current.values()) c.abort();
    setItems((list) => { for (const it of list) if (it.preview) revokeLater(it.preview); return []; });
    setNotice(null);
  }, []);

  // Leaving the screen: cancel what is in flight and free the previews.
  useEffect(() => () => {
    for (const c of aborts.current.values()) c.abort();
    for (const it of itemsRef.current) if (it.preview) revokeLater(it.preview);
  }, []);

  const onPaste = useCallback((e: React.ClipboardEvent) => {
    const files = [...e.clipboardData.files];
    if (files.length === 0) return;
    e.preventDefault();
    add(files);
  }, [add]);

  return {
    items, add, remove, clear, notice, onPaste,
    ids: items.filter((it) => it.state === 'done' && it.id !== undefined).map((it) => it.id!),
    busy: items.some((it) => it.state === 'uploading'),
    failed: items.some((it) => it.state === 'failed'),
  };
}
