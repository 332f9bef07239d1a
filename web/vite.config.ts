import { defineConfig } from "vite";

// The dashboard is served by `lockstep serve` from web/dist under a strict CSP (script-src
// 'self', style-src 'self'): everything must be emitted as files, nothing inline.
export default defineConfig({
  build: {
    outDir: "dist",
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against a running `lockstep serve --port 8080`.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
