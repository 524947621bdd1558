import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm start` serves the built app from the API server (packages/web/dist); `pnpm --filter
// @flowsync/web dev` runs Vite on :5173 and proxies the API and the websocket to :8080.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
