import { ConfigError, loadConfig } from './config.js';
import { serve } from './serve.js';

/** `npm start`: load the configuration, start the server, stop cleanly on a signal. */
try {
  const server = await serve(loadConfig());
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal} received, shutting down…\n`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`,
  );
  process.exit(1);
}
