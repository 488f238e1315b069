import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web UI lives in web/ and is built into web/dist, which the Fastify server serves as a
// single-page app. Everything (fonts, icons, locales) is bundled: the UI loads nothing from
// the internet.
const webRoot = fileURLToPath(new URL('./web', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Ant Design alone is close to 1 MB before compression; screens are split per route.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev`: the UI on 5173 with API calls passed to a server started on 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
