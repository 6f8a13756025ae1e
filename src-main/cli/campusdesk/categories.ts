// `campusdesk categories list|add SLUG NAME|rename SLUG NAME|deactivate SLUG`.
import type { Out } from './connection.ts';
import type { Column } from './output.ts';
import type { ApiCommand } from './command.ts';

type Category = Out<'categories.list'>['items'][number];

export const categoryColumns: Column<Category>[] = [
  { header: 'SLUG', key: 'slug', get: (c) => c.slug },
  { header: 'NAME', key: 'name', get: (c) => c.name },
  { header: 'ACTIVE', key: 'active', raw: (c) => c.active, get: (c) => (c.active ? 'yes' : 'no'), style: (c) => (c.active ? null : 'gray') },
];

export const categoryCommands: ApiCommand[] = [
  {
    name: 'categories list', args: '', positionals: [0, 0], needs: 'user', summary: 'Every category.',
    async run({ conn, out }) {
      const res = await conn.call('categories.list', {});
      out.rows(categoryColumns, res.items, res);
    },
  },
  {
    name: 'categories add', args: 'SLUG NAME', positionals: [2, 2], needs: 'user', summary: 'Create a category.',
    async run({ conn, out }, _v, [slug, name]) {
      const c = await conn.call('categories.create', { slug: slug!, name: name! });
      if (out.format === 'table') out.line(`Category ${c.slug} ("${c.name}") created.`);
      else out.rows(categoryColumns, [c], c);
    },
  },
  {
    name: 'categories rename', args: 'SLUG NAME', positionals: [2, 2], needs: 'user', summary: 'Rename a category.',
    async run({ conn, out }, _v, [slug, name]) {
      const c = await conn.call('categories.update', { slug: slug!, name: name! });
      if (out.format === 'table') out.line(`Category ${c.slug} is now "${c.name}".`);
      else out.rows(categoryColumns, [c], c);
    },
  },
  {
    name: 'categories deactivate', args: 'SLUG', positionals: [1, 1], needs: 'user', summary: 'Deactivate a category (its tickets remain).',
    async run({ conn, out }, _v, [slug]) {
      const c = await conn.call('categories.update', { slug: slug!, active: false });
      if (out.format === 'table') out.line(`Category ${c.slug} deactivated.`);
      else out.rows(categoryColumns, [c], c);
    },
  },
];
