// The installable app, in plain JavaScript (it must work before and without the server connection):
// - registers the service worker that Workbox generated at build time (/sw.js);
// - "Versi baru tersedia - Muat ulang": a new worker waits (skipWaiting is off) until the person
//   presses the button, then takes over and the page reloads, so no stale code runs against a
//   newer server;
// - "Pasang aplikasi": shown only where the browser offers installation (beforeinstallprompt);
//   the iPhone's steps (Add to Home Screen) only on an iPhone or iPad not yet installed.
// The page frame renders the translated texts, hidden; this script only flips data-pwa-* flags on
// <html> (CSS shows the parts), and puts them back if React re-renders <html>.
(function () {
  if (window.__padukoPwa) return;
  var api = window.__padukoPwa = {};
  var root = document.documentElement;
  var flags = {};
  var installEvent = null, waitingWorker = null, reloadWanted = false;

  function apply() {
    Object.keys(flags).forEach(function (name) {
      var attr = 'data-pwa-' + name;
      if (flags[name]) { if (root.getAttribute(attr) !== '1') root.setAttribute(attr, '1'); }
      else if (root.hasAttribute(attr)) root.removeAttribute(attr);
    });
  }
  function flag(name, on) { flags[name] = !!on; apply(); }
  new MutationObserver(apply).observe(root, { attributes: true });

  var standalone = (window.matchMedia && window.matchMedia('(display-mode: standalone)').matches) ||
    navigator.standalone === true;
  var ios = /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  flag('ios', ios && !standalone);

  window.addEventListener('beforeinstallprompt', function (event) {
    event.preventDefault(); // our own button, in the person's language, instead of the browser's bar
    installEvent = event;
    flag('install', true);
  });
  window.addEventListener('appinstalled', function () {
    installEvent = null;
    flag('install', false);
  });

  api.install = function () {
    if (!installEvent) return;
    var event = installEvent;
    installEvent = null;
    flag('install', false);
    event.prompt();
    Promise.resolve(event.userChoice).then(function (choice) {
      if (choice && choice.outcome !== 'accepted') { installEvent = event; flag('install', true); }
    }).catch(function () {});
  };

  api.reload = function () {
    reloadWanted = true;
    if (waitingWorker) waitingWorker.postMessage({ type: 'SKIP_WAITING' }); // Workbox's own message
    else window.location.reload();
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-pwa-action]');
    if (!button) return;
    var action = button.getAttribute('data-pwa-action');
    if (action === 'install') api.install();
    if (action === 'reload') api.reload();
  });

  if (!('serviceWorker' in navigator)) return;

  function updateReady(worker) {
    waitingWorker = worker;
    flag('update', true);
  }

  function register() {
    navigator.serviceWorker.register('/sw.js').then(function (registration) {
      api.registration = registration;
      if (registration.waiting && navigator.serviceWorker.controller) updateReady(registration.waiting);
      registration.addEventListener('updatefound', function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', function () {
          // The first worker installs silently; a later one is a new version.
          if (worker.state === 'installed' && navigator.serviceWorker.controller) updateReady(worker);
        });
      });
      // Look for a new version now and then, and when the page comes back into view.
      setInterval(function () { registration.update().catch(function () {}); }, 30 * 60 * 1000);
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible') registration.update().catch(function () {});
      });
    }).catch(function () {}); // no worker (development server): the app works as before
  }

  navigator.serviceWorker.addEventListener('controllerchange', function () {
    if (reloadWanted) { reloadWanted = false; window.location.reload(); }
  });

  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
})();
