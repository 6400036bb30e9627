import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PROJECT_ROOT, SOURCE_HASH_FILE, WEB_DIST, webSourceHash } from './src/server/web-build.js';

/**
 * Writes `.gz` and `.br` siblings of text assets (the server sends them to browsers that
 * accept them) and the source hash that tells `npm start` whether the build is current.
 */
function precompressAndStamp(): Plugin {
  let outDir = WEB_DIST;
  return {
    name: 'rapport-precompress-and-stamp',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After the files are written: earlier hooks still see placeholders Vite fills in late.
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue;
        const bytes = readFileSync(join(dir, fileName));
        if (bytes.length < 1024) continue;
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(bytes, { level: 9 }));
        writeFileSync(join(dir, `${fileName}.br`), brotliCompressSync(bytes));
      }
    },
    closeBundle() {
      // Only the served build is stamped: a trial build into /tmp says nothing about dist/web.
      if (outDir === WEB_DIST) writeFileSync(join(outDir, SOURCE_HASH_FILE), `${webSourceHash()}\n`);
    },
  };
}

export default defineConfig({
  root: join(PROJECT_ROOT, 'src/web'),
  base: '/',
  plugins: [react(), precompressAndStamp()],
  build: {
    outDir: WEB_DIST,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    // `npm run dev:web` serves the app with hot reload and sends API calls to a running server.
    proxy: { '/api': process.env.RAPPORT_API_URL ?? 'http://localhost:3000' },
  },
});
