import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app (src/web) is built into dist/web, which `zhida serve` serves beside the API (src/server/routes/web.ts).
// `npm run dev:web` serves it with hot reload and sends /api to a `zhida serve` on port 3000.

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // antd and echarts are large by nature; the pages are split by route, so only the entry is checked.
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
