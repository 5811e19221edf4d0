// Generates the service worker with Workbox (workbox-build generateSW) from the rules that
// paduko_app/pwa/service_worker.py writes as JSON: `bun build-sw.mjs CONFIG.json WORKBOX_DIR`.
// Route tests are built here from regular-expression sources, so Python and the worker share one
// list of rules (a unit test checks them against every route of the app).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [configPath, workboxDir] = process.argv.slice(2);
const require = createRequire(join(workboxDir, "package.json"));
const { generateSW } = require("workbox-build");
const rules = JSON.parse(readFileSync(configPath, "utf8"));

// Workbox writes each route test into the worker with Function.prototype.toString, so every
// value the test needs is written into its body (no closures).
function pathTest(pattern, { navigate = null, noSearch = false } = {}) {
  const checks = [`new RegExp(${JSON.stringify(pattern)}).test(url.pathname)`, "url.origin === self.location.origin"];
  if (navigate === true) checks.push('request.mode === "navigate"');
  if (navigate === false) checks.push('request.mode !== "navigate"');
  if (noSearch) checks.push('url.search === ""');
  return new Function("{ url, request }", `return ${checks.join(" && ")};`);
}

const fallback = { precacheFallback: { fallbackURL: rules.offlineUrl } };

const { count, size, warnings } = await generateSW({
  swDest: rules.swDest,
  globDirectory: rules.globDirectory,
  globPatterns: rules.precacheGlobs,
  globIgnores: rules.precacheIgnores,
  dontCacheBustURLsMatching: new RegExp(rules.hashedAssets),
  inlineWorkboxRuntime: true, // one file: no importScripts, simpler Content-Security-Policy
  mode: "production",
  sourcemap: false,
  cacheId: "paduko",
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  skipWaiting: false, // a new version waits until the person presses "Muat ulang"
  navigationPreload: true,
  runtimeCaching: [
    // Public pages without a query: network first, the saved copy when there is no network.
    { urlPattern: pathTest(rules.cachedPages, { navigate: true, noSearch: true }), handler: "NetworkFirst",
      options: { cacheName: "paduko-pages", networkTimeoutSeconds: rules.networkTimeoutSeconds,
                 cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 60 }, ...fallback } },
    // Every other page: never stored, the offline page when there is no network.
    { urlPattern: ({ request }) => request.mode === "navigate", handler: "NetworkOnly", options: { ...fallback } },
    // Content-hashed code not precached (office pages), once loaded: a hashed name never changes.
    { urlPattern: pathTest(rules.hashedAssetPaths, { navigate: false }), handler: "CacheFirst",
      options: { cacheName: "paduko-assets", cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 120 } } },
    // Voice prompts, once played.
    { urlPattern: pathTest(rules.voiceAudio, { navigate: false }), handler: "CacheFirst",
      options: { cacheName: "paduko-voice", cacheableResponse: { statuses: [200] },
                 expiration: { maxEntries: 400 }, rangeRequests: true } },
    { urlPattern: pathTest(rules.voiceManifest, { navigate: false }), handler: "StaleWhileRevalidate",
      options: { cacheName: "paduko-voice-index", cacheableResponse: { statuses: [200] } } },
  ],
});
for (const warning of warnings) console.warn(`workbox: ${warning}`);
console.log(`service worker: ${count} files precached, ${size} bytes`);
