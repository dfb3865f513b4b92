/**
 * Apollo Sandbox, embedded, pointed at /graphql on the same origin. Apollo's built-in landing
 * page always targets the page's own URL, which would make `/` a second GraphQL endpoint.
 */
export function sandboxHtml(graphqlPath: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Learnloop · Apollo Sandbox</title>
<style>html,body{margin:0;height:100%;font-family:sans-serif}#sandbox{height:100vh}</style></head>
<body>
<div id="sandbox"></div>
<script src="https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js"></script>
<script>
  new window.EmbeddedSandbox({
    target: "#sandbox",
    initialEndpoint: new URL(${JSON.stringify(graphqlPath)}, window.location.href).href,
    // Subscriptions: graphql-ws on the same path; put {"Authorization": "Bearer <token>"} in the connection payload.
    initialSubscriptionEndpoint: new URL(${JSON.stringify(graphqlPath)}, window.location.href).href.replace(/^http/, "ws"),
    includeCookies: false,
    endpointIsEditable: false,
    initialState: {
      document: "query FirstLook {\\n  courses(first: 5) {\\n    edges { node { title units { title lessons { title completedByMe } } } }\\n  }\\n}\\n",
      headers: { Authorization: "Bearer <paste the token from npm run dev-token>" }
    }
  });
</script>
</body>
</html>`;
}
