// A file's size as people read it ("2.4 MB", "830 KB", "512 bytes"): the attachment lists in
// the app and the file lists in emails say it the same way.
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
