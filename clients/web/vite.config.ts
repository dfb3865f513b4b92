import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `vite` and `vite preview` forward /graphql (HTTP and WebSocket) to the gateway, so the default
// same-origin VITE_GATEWAY_URL works without CORS. GATEWAY_PROXY_TARGET overrides where it goes.
const proxy = {
  "/graphql": { target: process.env.GATEWAY_PROXY_TARGET ?? "http://127.0.0.1:4000", ws: true, changeOrigin: true },
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  // The manifest lets tools/web-bundle-report.js tell the initial chunks from the lazily loaded ones.
  build: { outDir: "dist", sourcemap: true, manifest: true },
});
