// Monaco's editor, JSON and GraphQL workers, bundled by Vite: nothing is fetched from a CDN.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

/** The gateway serves this page at /graphiql/ and GraphQL at /graphql on the same origin. */
const endpoint = new URL("/graphql", window.location.href).href;

const fetcher = createGraphiQLFetcher({
  url: endpoint,
  // Apollo Server's CSRF prevention: the JSON content type already passes it; this header says so plainly.
  headers: { "apollo-require-preflight": "true" },
});

const defaultQuery = `# The catalogue needs no token. For your own data, add under Headers:
# {"Authorization": "Bearer <npm run dev-token>"}
{
  courses(first: 3) {
    edges {
      node {
        title
      }
    }
  }
}
`;

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />
  </StrictMode>,
);
