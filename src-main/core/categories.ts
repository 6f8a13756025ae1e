// Ticket categories. Three defaults exist in every new database (see the custom migration);
// admins add, rename and deactivate. Tickets keep a deactivated category.
import { asc, eq } from 'drizzle-orm';
import { categories } from '../db/schema.ts';
import type { Category } from '../../src-shared/schemas.ts';
import { conflict, fieldError, notFound } from './errors.ts';
import type { Core } from './context.ts';

type CategoryRow = typeof categories.$inferSelect;
const toCategory = (c: CategoryRow): Category => ({ slug: c.slug, name: c.name, active: c.active });

export function listCategories(core: Core): Category[] {
  return core.db.select().from(categories).orderBy(asc(categories.id)).all().map(toCategory);
}

export function createCategory(core: Core, slug: string, name: string): Category {
  if (core.db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get()) {
    throw conflict(`A category with the slug "${slug}" exists already.`, [{ path: 'slug', message: 'Already exists' }]);
  }
  const row = core.db.insert(categories).values({ slug, name, active: true, createdAt: core.clock.now() }).returning().get();
  return toCategory(row);
}

export function updateCategory(core: Core, slug: string, changes: { name?: string; active?: boolean }): Category {
  const row = core.db.select().from(categories).where(eq(categories.slug, slug)).get();
  if (!row) throw notFound(`There is no category "${slug}".`);
  if (changes.name !== undefined || changes.active !== undefined) {
    core.db.update(categories).set(changes).where(eq(categories.id, row.id)).run();
  }
  return toCategory({ ...row, ...changes });
}

/** A category referenced by an input must exist and be active (else VALIDATION on that field). */
export function requireActiveCategory(core: Core, slug: string, path: string): CategoryRow {
  const row = core.db.select().from(categories).where(eq(categories.slug, slug)).get();
  if (!row || !row.active) throw fieldError(path, `There is no active category "${slug}".`);
  return row;
}

/** Slug ↔ id maps, for turning rows into API objects. Small table: read whole. */
export function categorySlugs(core: Core): Map<number, string> {
  return new Map(core.db.select({ id: categories.id, slug: categories.slug }).from(categories).all().map((c) => [c.id, c.slug]));
}
