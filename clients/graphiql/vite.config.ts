import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The gateway serves the build at /graphiql/ in development (gateway/src/graphiql.ts); relative
// asset URLs keep it working under any path.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 8192 },
  worker: { format: "es" },
});
