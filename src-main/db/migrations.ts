// Where this build's drizzle migrations live, for the database layer and for core/ (which
// reaches disk locations only through src-main/db/).
export { migrationsFolder } from '../paths.ts';
