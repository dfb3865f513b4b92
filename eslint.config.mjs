import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Other .js is built or generated; bench/ is hand-written CommonJS and linted.
  { ignores: ["**/dist/**", "**/node_modules/**", ".learnloop/**", "**/*.js", "!bench/**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  {
    // Node scripts and codegen plugins (tools/codegen) are CommonJS.
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly", console: "readonly" },
    },
  },
  {
    // bench/ is CommonJS run by Node 20, which has fetch and URL built in.
    files: ["bench/**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
        fetch: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
