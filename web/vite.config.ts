// Vite config for the Stoa web client. `npm run build` writes dist/, which the Rust server embeds.
// `npm run dev` proxies /api (HTTP and WebSocket) to a running `stoa serve` (STOA_DEV_API, default
// http://127.0.0.1:8080).
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const api = process.env.STOA_DEV_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    host: "127.0.0.1",
    proxy: { "/api": { target: api, ws: true, changeOrigin: false } },
  },
});
