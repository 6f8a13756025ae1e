import { z } from 'zod';
import { defineProcedure, adminOnly, signedIn } from '../registry.ts';
import { Empty, Slug, CategoryName, CategorySchema } from '../../../src-shared/schemas.ts';
import { createCategory, listCategories, updateCategory } from '../../core/categories.ts';

export const categoryProcedures = [
  defineProcedure({
    name: 'categories.list',
    summary: 'All categories, deactivated ones included (flagged active: false).',
    access: signedIn,
    input: Empty,
    output: z.object({ items: z.array(CategorySchema) }),
    handler: (ctx) => ({ items: listCategories(ctx.core) }),
  }),
  defineProcedure({
    name: 'categories.create',
    errors: ['CONFLICT'],
    summary: 'Adds a category (admin). CONFLICT when the slug exists.',
    access: adminOnly,
    writes: true,
    input: z.strictObject({ slug: Slug, name: CategoryName }),
    output: CategorySchema,
    handler: (ctx, input) => createCategory(ctx.core, input.slug, input.name),
  }),
  defineProcedure({
    name: 'categories.update',
    summary: 'Renames or (de)activates a category (admin). The slug never changes.',
    access: adminOnly,
    writes: true,
    input: z.strictObject({ slug: z.string().trim().min(1), name: CategoryName.optional(), active: z.boolean().optional() }),
    output: CategorySchema,
    handler: (ctx, { slug, ...changes }) => updateCategory(ctx.core, slug, changes),
  }),
];
