// Exports of the analytics screen: a chart's data as CSV (src-shared/csv.ts: RFC 4180,
// formula-safe; dates in ISO 8601 UTC) and the chart itself as a PNG at twice its size, with its
// title, period and legend drawn in. Desktop: the save dialog of the preload bridge;
// browser: a download.

import { csvField, toCsv, type Cell } from '../../../src-shared/csv.ts';
import { downloadBlob } from '../../app/download.ts';

export { csvField, toCsv, type Cell };

export interface LegendEntry { label: string; color: string }

export interface PngOptions {
  title: string;
  period: string;
  legend: LegendEntry[];
  background: string;
  foreground: string;
  secondary: string;
  /** Colour values to swap in the chart's drawing (to redraw a dark chart on a light background). */
  recolour?: [string, string][];
  /** Scale of the image relative to the chart on screen (2 = twice the pixels). */
  scale?: number;
}

const FONT = 'Roboto, system-ui, -apple-system, "Segoe UI", Arial, sans-serif';

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    img.src = url;
  });
}

/** Renders a chart's <svg> with a title/period header and a legend into a PNG blob. */
export async function chartToPng(svg: SVGSVGElement, o: PngOptions): Promise<Blob> {
  const scale = o.scale ?? 2;
  const box = svg.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const height = Math.ceil(box.height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('style', `font-family: ${FONT}; font-size: 12px; background: transparent`);
  let markup = new XMLSerializer().serializeToString(clone);
  for (const [from, to] of o.recolour ?? []) markup = markup.split(from).join(to);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = await loadImage(url);
    const pad = 16;
    const header = 52;
    const legendRow = o.legend.length > 0 ? 28 : 0;
    const canvas = document.createElement('canvas');
    canvas.width = (width + 2 * pad) * scale;
    canvas.height = (header + height + legendRow + pad) * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw images.');
    ctx.scale(scale, scale);
    ctx.fillStyle = o.background;
    ctx.fillRect(0, 0, width + 2 * pad, header + height + legendRow + pad);
    ctx.textBaseline = 'top';
    ctx.fillStyle = o.foreground;
    ctx.font = `500 16px ${FONT}`;
    ctx.fillText(o.title, pad, pad);
    ctx.fillStyle = o.secondary;
    ctx.font = `12px ${FONT}`;
    ctx.fillText(o.period, pad, pad + 22);
    ctx.drawImage(img, pad, header, width, height);
    let x = pad;
    const y = header + height + 8;
    ctx.font = `12px ${FONT}`;
    for (const entry of o.legend) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(x, y + 1, 12, 12);
      ctx.fillStyle = o.foreground;
      ctx.fillText(entry.label, x + 18, y + 1);
      x += 18 + ctx.measureText(entry.label).width + 20;
    }
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The image could not be encoded.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export type SaveOutcome = { saved: boolean; where: string | null };

/** Desktop: the save dialog; browser: a download. */
export async function saveFile(name: string, data: Blob | string, kind: 'png' | 'csv'): Promise<SaveOutcome> {
  const bridge = typeof window !== 'undefined' ? window.campusdesk : undefined;
  if (bridge?.saveFile) {
    const payload = typeof data === 'string' ? data : new Uint8Array(await data.arrayBuffer());
    const r = await bridge.saveFile({
      defaultName: name, data: payload,
      filters: [kind === 'png' ? { name: 'PNG image', extensions: ['png'] } : { name: 'CSV table', extensions: ['csv'] }],
    });
    return { saved: r.saved, where: r.path };
  }
  const blob = typeof data === 'string' ? new Blob([data], { type: 'text/csv;charset=utf-8' }) : data;
  downloadBlob(blob, name, 10_000);
  return { saved: true, where: null };
}
