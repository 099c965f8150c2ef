import { defineConfig } from 'vite';

// The app's entry keeps its exports (run-bundle.mjs calls start()); everything else is Vite's default.
export default defineConfig({
  build: { outDir: 'dist-vite', rollupOptions: { preserveEntrySignatures: 'exports-only' } },
});
