-- Custom migration (drizzle-kit generate --custom): no FTS5 segment merging on the write path.
-- With automerge on, about one write in fifty paid for merging index segments (20–40 ms at
-- 1M tickets). The app merges in the background instead (src-main/core/maintenance.ts);
-- crisis merges still bound the number of segments if that ever falls behind.
INSERT INTO ticket_search(ticket_search, rank) VALUES ('automerge', 0);
