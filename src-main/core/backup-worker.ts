// Worker thread of backup.ts: makes and checks one backup off the app's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { backupDatabaseSync, BackupError } from './backup.ts';

const { dbPath, target } = workerData as { dbPath: string; target: string };
try {
  parentPort!.postMessage({ ok: true, result: backupDatabaseSync(dbPath, target) });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err), problems: err instanceof BackupError ? err.problems : [] });
}
