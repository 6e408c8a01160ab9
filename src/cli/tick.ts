/** `npm run tick -- --at <ISO-8601 instant>`: enqueue a tick for that instant; the running worker processes it. */
import { ConfigError, loadConfig } from '../config';
import { createProducerConnection } from '../queue/connections';
import { createProducer, enqueueTick } from '../queue/producer';

function parseAt(argv: readonly string[]): Date {
  const index = argv.findIndex((a) => a === '--at' || a.startsWith('--at='));
  const raw = index === -1 ? undefined : argv[index]?.startsWith('--at=') ? argv[index]?.slice(5) : argv[index + 1];
  if (raw === undefined) return new Date();
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) ? new Date(raw) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw new ConfigError(`--at must be an ISO-8601 instant such as 2026-12-01T09:00:00Z (got ${raw})`);
  return at;
}

async function main(): Promise<void> {
  const at = parseAt(process.argv.slice(2));
  const config = loadConfig();
  const connection = createProducerConnection(config.redisUrl);
  const queue = createProducer(connection, config.queuePrefix);
  try {
    const id = await enqueueTick(queue, at);
    process.stdout.write(`enqueued ${id} for ${at.toISOString()}\n`);
  } finally {
    await queue.close();
    await connection.quit();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
