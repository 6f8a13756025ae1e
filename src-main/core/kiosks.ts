// Kiosks: walk-up reporting terminals. Tokens carry 256 random bits and are stored only as hashes.
import { and, eq, isNull } from 'drizzle-orm';
import { kiosks } from '../db/schema.ts';
import { hashToken } from './auth.ts';
import type { Core, KioskActor } from './context.ts';

/** Resolves a kiosk token; null when unknown or revoked. */
export function authenticateKiosk(core: Core, token: string): KioskActor | null {
  const row = core.db.select({ id: kiosks.id, name: kiosks.name, location: kiosks.location })
    .from(kiosks).where(and(eq(kiosks.tokenHash, hashToken(token)), isNull(kiosks.revokedAt))).get();
  return row ?? null;
}
