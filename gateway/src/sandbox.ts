/**
 * The gateway's `/` in development: Apollo Sandbox, embedded, pointed at /graphql on the same
 * origin (Apollo's built-in landing page always targets the page's own URL, which would make `/` a
 * second GraphQL endpoint). Sandbox loads from Apollo's CDN; when it cannot (offline, a firewall,
 * no JavaScript), the page says so in plain text and points to the bundled GraphiQL and a curl
 * command instead of staying blank (ADR 0022).
 */

export const SANDBOX_SCRIPT_URL = "https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js";

/** How long the page waits for the Sandbox iframe's first message before it shows the notice. */
export const SANDBOX_WAIT_MS = 15_000;

/** The public first query the notice, the README and the tests use (the catalogue needs no token). */
export const FIRST_QUERY = "{ courses(first: 3) { edges { node { title } } } }";

export interface LandingPageOptions {
  graphqlPath: string;
  /** Where the offline GraphiQL is served, relative to the site root. */
  graphiqlPath: string;
  /** The gateway's origin as the browser reached it (`http://localhost:4000`). */
  origin: string;
}

/** A Host header fit to print: a host name or address with an optional port, else a default. */
export function printableOrigin(protocol: string, host: string | undefined, fallbackHost: string): string {
  const safe = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : fallbackHost;
  return `${protocol === "https" ? "https" : "http"}://${safe}`;
}

/** A shell command (POSIX sh) that runs the first query against this gateway. */
export function curlExample(graphqlUrl: string): string {
  return `curl -s ${graphqlUrl} -H 'content-type: application/json' --data '${JSON.stringify({ query: FIRST_QUERY })}'`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function sandboxHtml({ graphqlPath, graphiqlPath, origin }: LandingPageOptions): string {
  const graphqlUrl = new URL(graphqlPath, origin).href;
  const graphiqlUrl = new URL(graphiqlPath, origin).href;
  const curl = escapeHtml(curlExample(graphqlUrl));
  const instead = `
  <p>Instead, without anything from the internet:</p>
  <ul>
    <li>GraphiQL, bundled with this gateway: <a id="graphiql-link" href="${escapeHtml(graphiqlPath)}">${escapeHtml(graphiqlUrl)}</a></li>
    <li>or a first query from a terminal (the course catalogue needs no token):
      <pre id="curl-example">${curl}</pre></li>
  </ul>
  <p>GraphQL is served at <code>${escapeHtml(graphqlUrl)}</code>. For your own data, send the header
    <code>Authorization: Bearer &lt;token&gt;</code> with a token from <code>npm run dev-token</code>.</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Learnloop · Apollo Sandbox</title>
<style>
  html,body{margin:0;height:100%;font-family:sans-serif}
  #sandbox{height:100vh}
  #offline,noscript{display:block;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
  #offline[hidden]{display:none}
  pre{white-space:pre;overflow-x:auto;background:#f3f3f3;padding:.5rem;border-radius:4px}
</style></head>
<body data-sandbox="loading">
<noscript>
  <h1>Apollo Sandbox needs JavaScript</h1>
  <p>Apollo Sandbox could not load: JavaScript is off in this browser (Sandbox also loads from Apollo's CDN).</p>
  ${instead.replace("GraphiQL, bundled", "GraphiQL (it needs JavaScript too), bundled").replaceAll(' id="', ' data-id="')}
</noscript>
<main id="offline" hidden>
  <h1>Apollo Sandbox could not load</h1>
  <p id="offline-reason">Apollo Sandbox could not load from Apollo's CDN (embeddable-sandbox.cdn.apollographql.com). Are you offline?</p>
  ${instead}
</main>
<div id="sandbox"></div>
<script>
  (function () {
    var CDN = "Apollo Sandbox could not load from Apollo's CDN (embeddable-sandbox.cdn.apollographql.com). Are you offline?";
    var state = "loading";
    // The notice, in place of a blank page. A Sandbox that answers later still takes over.
    window.__sandboxUnavailable = function (reason) {
      if (state !== "loading") return;
      state = "offline";
      document.getElementById("offline-reason").textContent = reason || CDN;
      document.getElementById("offline").hidden = false;
      document.getElementById("sandbox").hidden = true;
      document.body.dataset.sandbox = "offline";
    };
    // Sandbox's iframe posts to this page as soon as it runs (its handshake): proof that it loaded.
    window.addEventListener("message", function (event) {
      var frame = document.querySelector("#sandbox iframe");
      if (!frame || event.source !== frame.contentWindow || state === "ready") return;
      state = "ready";
      clearTimeout(timer);
      document.getElementById("offline").hidden = true;
      document.getElementById("sandbox").hidden = false;
      document.body.dataset.sandbox = "ready";
    });
    var timer = setTimeout(function () {
      window.__sandboxUnavailable("Apollo Sandbox did not appear within ${SANDBOX_WAIT_MS / 1000} s: its page (sandbox.embed.apollographql.com) could not be reached. Are you offline?");
    }, ${SANDBOX_WAIT_MS});
  })();
</script>
<script src="${SANDBOX_SCRIPT_URL}" onerror="__sandboxUnavailable()"></script>
<script>
  if (typeof window.EmbeddedSandbox !== "function") {
    __sandboxUnavailable();
  } else {
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
  }
</script>
</body>
</html>`;
}
