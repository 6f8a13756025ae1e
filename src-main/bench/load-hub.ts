// The hub under load, as its own process (forked by load.ts): the real hub on the benchmark
// database, on an ephemeral port of 127.0.0.1. Over the IPC channel it sends its URL once
// listening, answers "usage" with its CPU time and resident memory (all its threads), and
// stops on "stop". Only imports hub.ts, so the same file can drive an older checkout.
import { startHub } from '../hub.ts';

const dbPath = process.argv[2];
if (!dbPath || !process.send) {
  console.error('usage: load-hub.ts DB (forked with an IPC channel by src-main/bench/load.ts)');
  process.exit(2);
}
const send = (msg: unknown): void => { process.send?.(msg); };
const running = await startHub(dbPath, { port: 0, host: '127.0.0.1', staticDir: null });
send({ type: 'listening', url: running.url });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'usage') {
    const cpu = process.cpuUsage();
    // The thread that answers HTTP and runs the writes (Node ≥ 23.9: process.threadCpuUsage).
    const own = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
    send({ type: 'usage', cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: own ? (own.user + own.system) / 1000 : NaN, rss: process.memoryUsage().rss });
  } else if (msg.type === 'stop') {
    void running.stop().then(() => process.exit(0), () => process.exit(1));
  }
});
process.on('disconnect', () => { void running.stop().finally(() => process.exit(0)); });
