// kiosk.categories (an addition for the kiosk page's tiles) over the real HTTP hub: the active
// categories with their current names, in order, for anyone (no token); an admin's change
// shows on the next call; input other than {} is VALIDATION.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

describe('kiosk.categories', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
  });
  afterAll(async () => { await hub.dispose(); });

  it('lists the active categories as they are now, without a token', async () => {
    expect((await hub.ok<{ items: unknown[] }>('kiosk.categories', {})).items).toEqual([
      { slug: 'facility_management', name: 'Facility management' },
      { slug: 'technical_it', name: 'Technical IT' },
      { slug: 'services_complaints', name: 'Services complaints' },
    ]);
    await hub.ok('categories.update', { slug: 'technical_it', active: false }, admin);
    await hub.ok('categories.create', { slug: 'parking', name: 'Parking' }, admin);
    await hub.ok('categories.update', { slug: 'services_complaints', name: 'Campus services' }, admin);
    expect((await hub.ok<{ items: unknown[] }>('kiosk.categories', {})).items).toEqual([
      { slug: 'facility_management', name: 'Facility management' },
      { slug: 'services_complaints', name: 'Campus services' },
      { slug: 'parking', name: 'Parking' },
    ]);
  });

  it('refuses any input field', async () => {
    const r = await hub.call('kiosk.categories', { active: false });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
  });
});
