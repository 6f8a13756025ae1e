// Where a database's attachment files live: a content-addressed folder beside the database
// file, named after it (`campusdesk.db` → `campusdesk.db.files/`), so two databases in one
// folder never share or clean up each other's files. Backups carry this folder along.
export const filesFolderOf = (dbPath: string): string => `${dbPath}.files`;
