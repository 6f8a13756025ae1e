// Demo data (issue 2, point 8): filled in by the demo generator.
export interface DemoOptions { tickets?: number; log?: (m: string) => void }
export function ensureDemoData(_dbPath: string, _opts: DemoOptions = {}): void {
  throw new Error('demo data: not implemented yet');
}
