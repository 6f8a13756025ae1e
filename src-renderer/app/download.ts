// A browser download of bytes the page already holds (a blob: URL on a temporary link), for
// the browser and the kiosk; the desktop app saves through its bridge's dialog instead.

/** Offers `blob` as a download named `name`; the URL is released after `keepMs`. */
export function downloadBlob(blob: Blob, name: string, keepMs = 60_000): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), keepMs);
}
